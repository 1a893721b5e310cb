// Clients pacing themselves by the old limit get 429s.
import type { RateLimitPolicy } from '../../contract-model.js';
import { label, operationPairs, operationWhere } from '../operations.js';
import { type ChangeInput, defineRule } from '../types.js';

const rate = (p: RateLimitPolicy) => p.limit / p.windowSeconds;
const shown = (p: RateLimitPolicy) => `${p.limit}/${p.windowSeconds}s`;

export default defineRule({
  id: 'parley.rate-limit-lowered',
  level: 'breaking',
  description:
    'A rate-limit policy admits fewer requests per second, an operation is counted by one more policy, or the refused-keys limit is lower.',
  reference: 'openapi/README.md#rate-limits',
  check: (base, head) => {
    const out: ChangeInput[] = [];
    for (const [name, b] of base.policies) {
      const h = head.policies.get(name);
      if (h && (rate(h) < rate(b) || h.limit < b.limit))
        out.push({
          message: `rate-limit policy ${name} lowered from ${shown(b)} to ${shown(h)}`,
          subject: `policy.${name}`,
          where: { kind: 'root', key: 'x-rate-limit-policies', needle: `  ${name}:` },
        });
    }
    for (const { base: b, head: h } of operationPairs(base, head)) {
      const before = new Set(b.policies.map((p) => p.name));
      for (const p of h.policies.filter((p) => !before.has(p.name)))
        out.push({
          message: `${label(h)}: now also counted by rate-limit policy ${p.name} (${shown(p)})`,
          operation: h.operationId,
          subject: `policy.${p.name}`,
          where: operationWhere(h, { key: 'x-rate-limit' }),
        });
    }
    const [b, h] = [base.authFailures, head.authFailures];
    // Same policy name: the registry comparison above has reported it.
    if (h && (!b || (b.name !== h.name && rate(h) < rate(b))))
      out.push({
        message: `refused keys now limited by ${h.name} (${shown(h)})${b ? `, was ${b.name} (${shown(b)})` : ''}`,
        subject: 'x-auth-failure-limit',
        where: { kind: 'root', key: 'x-auth-failure-limit' },
      });
    return out;
  },
});
