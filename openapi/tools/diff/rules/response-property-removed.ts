// Clients reading the property find nothing there.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'response-property-removed',
  level: 'breaking',
  description: 'A response body property was removed; clients reading it find nothing.',
  side: 'responses',
  kinds: ['property-removed'],
  message: (f) => `response property ${f.property}${f.required ? ' (required)' : ''} removed`,
});
