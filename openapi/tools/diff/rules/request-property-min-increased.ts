// Small values that passed are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-min-increased',
  level: 'breaking',
  description: 'A request body number got a higher (or a first) minimum.',
  side: 'body',
  kinds: ['min-increased'],
  message: (f) => `request property ${f.property} minimum raised (${f.detail})`,
});
