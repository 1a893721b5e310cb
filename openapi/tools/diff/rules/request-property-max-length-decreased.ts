// Values between the new and the old bound are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-property-max-length-decreased',
  level: 'breaking',
  description: 'A request body string maxLength was lowered.',
  side: 'body',
  kinds: ['max-length-decreased'],
  message: (f) => `request property ${f.property} maxLength lowered (${f.detail})`,
});
