// Keys minted for the old scope (or none) get 403 INSUFFICIENT_SCOPE.
import { label, operationPairs, operationWhere } from '../operations.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.scope-added',
  level: 'breaking',
  description: 'An operation requires a scope it did not (added, or changed to another one); existing keys lack it.',
  reference: 'openapi/README.md#security',
  check: (base, head) =>
    operationPairs(base, head)
      .filter(({ base: b, head: h }) => h.scope !== undefined && h.scope !== b.scope)
      .map(({ base: b, head: h }) => ({
        message: `${label(h)}: requires scope ${h.scope}${b.scope ? ` instead of ${b.scope}` : ' (was open)'}; existing keys get 403 INSUFFICIENT_SCOPE`,
        operation: h.operationId,
        subject: 'scope',
        where: operationWhere(h, { key: 'security' }),
      })),
});
