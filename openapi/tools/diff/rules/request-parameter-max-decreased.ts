// Parameter values above the new bound (a number's maximum or a string's maxLength) are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-parameter-max-decreased',
  level: 'breaking',
  description: "A request parameter's maximum or maxLength was lowered or set.",
  side: 'parameters',
  kinds: ['max-decreased', 'max-length-decreased', 'max-length-set'],
  message: (f) => `parameter ${f.property} upper bound lowered (${f.detail})`,
});
