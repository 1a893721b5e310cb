// The exact concurrency limit, first half (ARCHITECTURE.md §4): the collection the limited operation
// creates into is read before the run (discover phase), so that last of all the burst can make the
// account quiet again by ending only what the run created since.
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, type PlanContext, probeCase } from '../probes/define.js';
import { RESPONSE_ONLY, worker } from '../probes/support.js';
import type { PlannedCase } from '../types.js';
import { minterKey } from './key-pool.js';
import { readList } from './other-account.js';
import { remember } from './run-memory.js';
import { concurrencyTargets, successPair } from './targets.js';

interface BaselineParams {
  /** The concurrency-limited operation the snapshot is for. */
  target: string;
}

export const baselineKey = (operationId: string) => `concurrency-baseline:${operationId}`;
export const poolPurpose = (operationId: string) => `concurrency ${operationId}`;

const definition = {
  id: 'concurrency-baseline',
  title: 'What a limited collection held before the run',
  kind: 'stateful',
  phase: PHASE.discover,
  verdicts: [],
  keys: ['worker'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

/** The snapshot case of each concurrency-limited operation that has a list, by that operation's id. */
export function baselineCases(ctx: PlanContext): Map<string, PlannedCase<BaselineParams>> {
  const out = new Map<string, PlannedCase<BaselineParams>>();
  for (const t of concurrencyTargets(ctx.spec, ctx.ops)) {
    const listed = t.list && successPair(t.list);
    if (!t.list || !listed) continue;
    const c = probeCase<BaselineParams>(
      definition,
      {
        so: t.list,
        variant: t.so.operationId,
        expected: listed.response,
        request: { ...listed.request, query: {} },
        verdicts: [],
        responseChecks: true,
        params: { target: t.so.operationId },
        why: `what ${t.so.operationId} created before the run`,
      },
      ctx,
    );
    out.set(t.so.operationId, c);
  }
  return out;
}

export const concurrencyBaseline = defineProbe<BaselineParams>({
  ...definition,
  plan: (ctx) => [...ctx.derive(baselineCases).values()],
  run: async (env, c) => {
    const target = c.params?.target;
    if (!target) return { skip: 'the plan named no limited operation' };
    const list = env.op(c.operationId);
    // The burst's minter, minted now: by the last phase the admin key's limit may be spent.
    void minterKey(env, poolPurpose(target)).catch(() => undefined);
    const read = await readList(env, list, async () => presentedBy(await worker(env, list)));
    if (!read.truncated) remember(env, baselineKey(target), new Set(read.ids));
    return [{ label: 'before the run', exchange: read.pages[0], checks: RESPONSE_ONLY }];
  },
});
