// A value of a type the base accepted is refused now.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-type-changed',
  level: 'breaking',
  description: 'A request body value accepts fewer types (a type or a oneOf/anyOf branch removed, or a type set where any was taken).',
  side: 'body',
  kinds: ['type-narrowed'],
  message: (f) => `request property ${f.property} accepts fewer types (${f.detail})`,
});
