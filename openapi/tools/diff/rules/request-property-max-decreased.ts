// Large values that passed are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-max-decreased',
  level: 'breaking',
  description: 'A request body number got a lower (or a first) maximum.',
  side: 'body',
  kinds: ['max-decreased'],
  message: (f) => `request property ${f.property} maximum lowered (${f.detail})`,
});
