// Words only: worth a changelog line, never a failed gate.
import { label, operationPairs, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'api-documentation-changed',
  level: 'info',
  description: "An operation's summary or description changed.",
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) =>
      (['summary', 'description'] as const)
        .filter((k) => b.source.op[k] !== h.source.op[k])
        .map((k) => ({ message: `${label(h)}: ${k} changed`, operation: h.operationId, subject: k, where: operationWhere(h, { key: k }) })),
    ),
});
