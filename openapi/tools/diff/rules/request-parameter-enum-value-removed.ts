// A parameter value clients send is refused now.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-parameter-enum-value-removed',
  level: 'breaking',
  description: 'A request parameter enum lost a value (or a free parameter became an enum).',
  side: 'parameters',
  kinds: ['enum-value-removed'],
  message: (f) => `parameter ${f.property} no longer accepts ${f.detail}`,
});
