// Short values that passed are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-min-length-increased',
  level: 'breaking',
  description: 'A request body string minLength was raised.',
  side: 'body',
  kinds: ['min-length-increased'],
  message: (f) => `request property ${f.property} minLength raised (${f.detail})`,
});
