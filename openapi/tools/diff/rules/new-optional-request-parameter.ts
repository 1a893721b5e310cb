// Compatible: old requests stay valid.
import { label, operationPairs, operationWhere, parametersOf } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'new-optional-request-parameter',
  level: 'non-breaking',
  description: 'An optional parameter was added to an operation.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const before = parametersOf(b);
      return [...parametersOf(h).values()]
        .filter((p) => !p.required && !before.has(p.id))
        .map((p) => ({
          message: `${label(h)}: new optional parameter \`${p.id}\``,
          operation: h.operationId,
          subject: p.id,
          where: operationWhere(h, { key: 'parameters' }),
        }));
    }),
});
