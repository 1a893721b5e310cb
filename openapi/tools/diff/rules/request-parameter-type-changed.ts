// A parameter value of a type the base accepted is refused now.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-parameter-type-changed',
  level: 'breaking',
  description: 'A request parameter accepts fewer types.',
  side: 'parameters',
  kinds: ['type-narrowed'],
  message: (f) => `parameter ${f.property} accepts fewer types (${f.detail})`,
});
