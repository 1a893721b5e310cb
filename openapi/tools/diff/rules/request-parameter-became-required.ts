// Requests that left it out are refused.
import { label, operationPairs, operationWhere, parametersOf } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'request-parameter-became-required',
  level: 'breaking',
  description: 'An optional parameter became required.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const before = parametersOf(b);
      return [...parametersOf(h).values()]
        .filter((p) => p.required && before.get(p.id)?.required === false)
        .map((p) => ({
          message: `${label(h)}: parameter \`${p.id}\` became required`,
          operation: h.operationId,
          subject: p.id,
          where: operationWhere(h, { key: 'parameters' }),
        }));
    }),
});
