// Parameter values below the new bound (a number's minimum or a string's minLength) are refused.
import { schemaRule } from '../schema-rule.js';

export default schemaRule({
  id: 'request-parameter-min-increased',
  level: 'breaking',
  description: "A request parameter's minimum or minLength was raised or set.",
  side: 'parameters',
  kinds: ['min-increased', 'min-length-increased'],
  message: (f) => `parameter ${f.property} lower bound raised (${f.detail})`,
});
