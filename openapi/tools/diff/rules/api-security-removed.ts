// Clients authenticating the removed way are refused.
import { label, operationPairs, operationWhere } from '../operations.js';
import { defineRule } from '../types.js';

const schemes = (security: unknown): Set<string> =>
  new Set(Array.isArray(security) ? security.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r).sort().join('+') : [])) : []);

export default defineRule({
  id: 'api-security-removed',
  level: 'breaking',
  description: "A way to authenticate an operation (a security requirement's schemes) was removed.",
  reference: 'openapi/README.md#security',
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const after = schemes(h.source.op.security ?? head.spec.security);
      return [...schemes(b.source.op.security ?? base.spec.security)]
        .filter((s) => s && !after.has(s))
        .map((s) => ({
          message: `${label(h)}: security requirement ${s} removed`,
          operation: h.operationId,
          subject: s,
          where: operationWhere(h, { key: 'security' }),
        }));
    }),
});
