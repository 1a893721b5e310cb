// Clients still send it: a query parameter the server no longer knows is refused (422), a header is silently ignored.
import { parameterRule } from '../parameter-rule.js';

export default parameterRule({
  id: 'request-parameter-removed',
  level: 'breaking',
  description: 'A parameter was removed from an operation; clients still send it.',
  matches: (before, after) => before !== undefined && !after,
  message: (p) => `parameter ${p} removed`,
});
