// ARCHITECTURE.md §4: on a fresh key, X-RateLimit-Remaining goes down by exactly one per request;
// shown once, on the read the per-key exhaustion uses.
import { remainingDecreases as remainingVerdict } from '../checks/remaining-decreases.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import type { Exchange } from '../types.js';
import { defineProbe, probeCase } from './define.js';
import { freshKey } from './probe-keys.js';
import { exhaustionTargets } from './rate-limit-exhaustion.js';
import { inputsOf, isSkip, keyOrSkip } from './support.js';

const definition = {
  id: 'remaining-decreases',
  title: 'Remaining counts down',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [remainingVerdict],
  keys: ['fresh'],
  counts: { workerRequests: 0, perSourceIp: true },
} as const;

export const remainingDecreases = defineProbe({
  ...definition,
  plan: (ctx) => {
    const t = [...ctx.derive(exhaustionTargets).values()].find((t) => t.policy.name === 'default' || t.policy.per === 'api-key');
    return t
      ? [
          probeCase(
            definition,
            {
              so: t.so,
              expected: t.success.response,
              request: t.success.request,
              why: `probe ${definition.id} with the "${t.success.name}" request`,
            },
            ctx,
          ),
        ]
      : [];
  },
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await keyOrSkip(freshKey(env, 'remaining'));
    if (isSkip(key)) return key;
    const series: Exchange[] = [];
    for (let i = 0; i < 3; i++) series.push(await env.exchange(so, inputs, presentedBy(key)));
    return [{ label: 'third request', exchange: series[2], sent: inputs, evidence: { kind: 'remaining-series', series } }];
  },
});
