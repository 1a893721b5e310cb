// ARCHITECTURE.md §4: with the account's active-resource limit reached, one more create is refused
// with the documented 429; run when the account is quiet.
import { concurrencyLimitEnforced } from '../checks/concurrency-limit-enforced.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import type { Exchange, Json } from '../types.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, worker } from './support.js';

interface ConcurrencyParams {
  limit?: number;
  limitName?: string;
}

const definition = {
  id: 'concurrency-limit',
  title: 'Active-resource limit',
  kind: 'probe',
  phase: PHASE.exclusive,
  verdicts: [concurrencyLimitEnforced],
  keys: ['worker'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const concurrencyLimit = defineProbe<ConcurrencyParams>({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => {
      const limit = f.contract.concurrency[0];
      if (!f.success) return [];
      return documentedCase<ConcurrencyParams>(definition, ctx, f, f.probeExample.get('concurrency-limit'), {
        pair: f.success,
        params: { ...(limit ? { limit: limit.limit, limitName: limit.name } : {}) },
      });
    }),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const limit = c.params?.limit;
    if (limit === undefined) return { skip: `the contract declares no concurrency limit for ${c.operationId}` };
    const wanted = (c.expected.value as Json | undefined)?.code;
    const created: string[] = [];
    let last: Exchange | undefined;
    let waits = 0;
    try {
      for (let i = 0; i <= limit; i++) {
        last = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { provoked: true });
        // A rate limit is not the limit under test: wait it out like any unprovoked 429.
        const r = last.response;
        if (r?.status === 429 && wanted && (r.json as Json | undefined)?.code !== wanted && waits++ < 3) {
          const wait = Number(r.headers['retry-after'] ?? 1);
          await env.sleep(Math.min(wait, env.settings.maxRetryAfter) * 1000 + 250);
          i--;
          continue;
        }
        if (last.created) created.push(last.created);
        else break;
      }
    } finally {
      for (const id of created) await env.cleanup.end(id);
    }
    if (!last) return { skip: 'no request was sent' };
    return [
      { label: 'one over the limit', exchange: last, sent: inputs, evidence: { kind: 'active-calls', limit, active: created.length } },
    ];
  },
});
