// Clients reading a documented header (X-Request-Id, the rate-limit headers, Retry-After) find nothing.
import { label, operationPairs, operationWhere } from '../operations.js';
import { defineRule } from '../types.js';

type Responses = Record<string, { headers?: Record<string, unknown> }>;

export default defineRule({
  id: 'response-header-removed',
  level: 'breaking',
  description: 'A documented response header was removed from a status that remains.',
  reference: 'openapi/README.md#responses',
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const after = (h.source.op.responses ?? {}) as Responses;
      return Object.entries((b.source.op.responses ?? {}) as Responses).flatMap(([status, r]) => {
        if (!(status in after)) return [];
        const kept = new Set(Object.keys(after[status].headers ?? {}).map((n) => n.toLowerCase()));
        return Object.keys(r.headers ?? {})
          .filter((n) => !kept.has(n.toLowerCase()))
          .map((n) => ({
            message: `${label(h)}: header ${n} removed from the ${status} response`,
            operation: h.operationId,
            subject: `${status}:${n.toLowerCase()}`,
            where: operationWhere(h, { status }),
          }));
      });
    }),
});
