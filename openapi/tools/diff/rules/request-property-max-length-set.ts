// A length limit where there was none refuses long values that passed before (oasdiff >= 1.30 reports it as an error).
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-max-length-set',
  level: 'breaking',
  description: 'A request body string got a maxLength where it had none.',
  side: 'body',
  kinds: ['max-length-set'],
  message: (f) => `request property ${f.property} limited to ${f.detail} characters (was unbounded)`,
});
