// Not a change on the wire, a loss of proof: the runner, Dredd and the docs lose that case. A pair
// gone with its status is the status rule's to report.
import { label, operationPairs, operationWhere } from '../operations.js';
import { defineRule } from '../types.js';

export default defineRule({
  id: 'parley.example-pair-removed',
  level: 'non-breaking',
  description: 'An example pair (request and response example of one name) was removed: coverage lost.',
  reference: 'openapi/README.md#examples-are-test-cases',
  check: (base, head) =>
    operationPairs(base, head).flatMap(({ base: b, head: h }) => {
      const kept = new Set(h.pairs.map((p) => p.name));
      return b.pairs
        .filter((p) => !kept.has(p.name) && p.response.status in (h.source.op.responses ?? {}))
        .map((p) => ({
          message: `${label(h)}: example pair "${p.name}" (${p.response.status}) removed; the runner no longer tests it`,
          operation: h.operationId,
          subject: `example.${p.name}`,
          where: operationWhere(h, { status: p.response.status }),
        }));
    }),
});
