// A value clients send is refused now.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-enum-value-removed',
  level: 'breaking',
  description: 'A request body enum lost a value (or a free value became an enum).',
  side: 'body',
  kinds: ['enum-value-removed'],
  message: (f) => `request property ${f.property} no longer accepts ${f.detail}`,
});
