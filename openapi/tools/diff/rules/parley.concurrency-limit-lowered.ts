// Clients running as many at once as the old limit allowed get 429 CONCURRENCY_LIMIT.
import { label, operationPairs, operationWhere } from '../operations.js';
import { type ChangeInput, defineRule } from '../types.js';

export default defineRule({
  id: 'parley.concurrency-limit-lowered',
  level: 'breaking',
  description: 'A concurrency limit was lowered, or an operation is counted by one more.',
  reference: 'openapi/README.md#rate-limits',
  check: (base, head) => {
    const out: ChangeInput[] = [];
    for (const [name, b] of base.concurrencyLimits) {
      const h = head.concurrencyLimits.get(name);
      if (h && h.limit < b.limit)
        out.push({
          message: `concurrency limit ${name} lowered from ${b.limit} to ${h.limit} per ${h.per}`,
          subject: `concurrency.${name}`,
          where: { kind: 'root', key: 'x-concurrency-limits', needle: `  ${name}:` },
        });
    }
    for (const { base: b, head: h } of operationPairs(base, head)) {
      const before = new Set(b.concurrency.map((c) => c.name));
      for (const c of h.concurrency.filter((c) => !before.has(c.name)))
        out.push({
          message: `${label(h)}: now counted by concurrency limit ${c.name} (${c.limit} per ${c.per})`,
          operation: h.operationId,
          subject: `concurrency.${c.name}`,
          where: operationWhere(h, { key: 'x-concurrency-limit' }),
        });
    }
    return out;
  },
});
