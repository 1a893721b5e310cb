// Clients still send it: a query parameter the server no longer knows is refused (422), a header is silently ignored.
import { label, operationPairs, operationWhere, parametersOf } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'request-parameter-removed',
  level: 'breaking',
  description: 'A parameter was removed from an operation; clients still send it.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const after = parametersOf(h);
      return [...parametersOf(b).values()]
        .filter((p) => !after.has(p.id))
        .map((p) => ({
          message: `${label(h)}: parameter \`${p.id}\` removed`,
          operation: h.operationId,
          subject: p.id,
          where: operationWhere(h, { key: 'parameters' }),
        }));
    }),
});
