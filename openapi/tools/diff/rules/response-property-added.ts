// Compatible: clients ignore properties they do not know.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'response-property-added',
  level: 'non-breaking',
  description: 'A property was added to a response body.',
  side: 'responses',
  kinds: ['property-added'],
  message: (f) => `new response property ${f.property}${f.required ? ' (required)' : ''}`,
});
