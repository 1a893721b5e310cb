// Compatible: old requests stay valid.
import { parameterRule } from '../parameter-rule.js';

export default parameterRule({
  id: 'new-optional-request-parameter',
  level: 'non-breaking',
  description: 'An optional parameter was added to an operation.',
  matches: (before, after) => !before && after?.required === false,
  message: (p) => `new optional parameter ${p}`,
});
