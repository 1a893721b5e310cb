// Clients that rely on the property being there may find it missing.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'response-property-became-optional',
  level: 'breaking',
  description: 'A required response body property became optional; clients relying on it may find it missing.',
  side: 'responses',
  kinds: ['became-optional'],
  message: (f) => `response property ${f.property} became optional`,
});
