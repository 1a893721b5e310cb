// Clients handling that success status get another one.
import { label, operationPairs, operationWhere } from '../operations.js';
import { BREAKING_CHANGES } from '../schema-rule.js';
import { defineRule } from '../types.js';

export const isSuccess = (status: string) => /^[23]/.test(status);

export default defineRule({
  id: 'response-success-status-removed',
  level: 'breaking',
  description: 'A documented 2xx/3xx response was removed.',
  reference: BREAKING_CHANGES,
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) =>
      Object.keys(b.source.op.responses ?? {})
        .filter((s) => isSuccess(s) && !(s in (h.source.op.responses ?? {})))
        .map((s) => ({ message: `${label(h)}: ${s} response removed`, operation: h.operationId, subject: s, where: operationWhere(h) })),
    ),
});
