// Requests without it are refused.
import { parameterRule } from '../parameter-rule.js';

export default parameterRule({
  id: 'new-required-request-parameter',
  level: 'breaking',
  description: 'A required parameter was added to an operation.',
  matches: (before, after) => !before && after?.required === true,
  message: (p) => `new required parameter ${p}`,
});
