// The answer may hold a value of a type clients never had to handle (null, say).
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'response-property-type-changed',
  level: 'breaking',
  description: 'A response body value may now be of a type it could not be before (a type or a oneOf/anyOf branch added).',
  side: 'responses',
  kinds: ['type-widened'],
  message: (f) => `response property ${f.property} may be of a new type (${f.detail})`,
});
