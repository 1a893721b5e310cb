// A new or different pattern may refuse values the old one took.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-parameter-pattern-changed',
  level: 'breaking',
  description: 'A request parameter got a pattern, or a different one.',
  side: 'parameters',
  kinds: ['pattern-changed'],
  message: (f) => `parameter ${f.property} pattern changed (${f.detail})`,
});
