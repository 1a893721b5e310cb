// A new or different pattern may refuse values the old one took; the gate cannot prove it does not.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-pattern-changed',
  level: 'breaking',
  description: 'A request body string got a pattern, or a different one.',
  side: 'body',
  kinds: ['pattern-changed'],
  message: (f) => `request property ${f.property} pattern changed (${f.detail})`,
});
