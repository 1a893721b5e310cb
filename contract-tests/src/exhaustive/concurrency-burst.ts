// The exact concurrency limit, second half (ARCHITECTURE.md §4): last of all, the account is made
// quiet again (what the run created since the baseline is ended) and a burst of limit + 2 creates
// must be admitted exactly `limit` times. Ending and creating go through a pool of fresh keys sized
// for the work (key-pool.ts): tens of requests on a 10-per-minute policy would otherwise wait on
// the workers' limits.
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { endingsOf } from '../cleanup.js';
import { type MintedKey, presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import { inputsOf, worker } from '../probes/support.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json } from '../types.js';
import { baselineCases, baselineKey, poolPurpose } from './concurrency-baseline.js';
import { concurrencyLimitExact } from './concurrency-check.js';
import { keyPool } from './key-pool.js';
import { readList } from './other-account.js';
import { recall } from './run-memory.js';
import { concurrencyTargets } from './targets.js';

interface BurstParams {
  limit: number;
  limitName: string;
  /** The status a create answers (its endings depend on it). */
  createdStatus: string;
  /** The list the baseline read, to find what the run created since. */
  list?: string;
}

const definition = {
  id: 'concurrency-burst',
  title: 'A burst is admitted exactly up to the limit',
  kind: 'stateful',
  phase: PHASE.last,
  verdicts: [concurrencyLimitExact],
  keys: ['fresh'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const concurrencyBurst = defineProbe<BurstParams>({
  ...definition,
  plan: (ctx) => {
    const baselines = ctx.derive(baselineCases);
    return concurrencyTargets(ctx.spec, ctx.ops).map((t) => {
      const baseline = baselines.get(t.so.operationId);
      return probeCase<BurstParams>(
        definition,
        {
          so: t.so,
          expected: t.refused,
          request: t.pair.request,
          why: `${t.limit + 2} "${t.pair.name}" creates at once on a quiet account (${t.name}: ${t.limit})`,
          params: {
            limit: t.limit,
            limitName: t.name,
            createdStatus: t.pair.response.status,
            ...(t.list ? { list: t.list.operationId } : {}),
          },
          after: baseline ? [baseline.id] : [],
        },
        ctx,
      );
    });
  },
  run: async (env, c) => {
    const p = c.params;
    if (!p) return { skip: 'the plan gave this case no limit' };
    const so = env.op(c.operationId);
    const { limit } = p;
    const created = Number(p.createdStatus);
    const before = recall<Set<string>>(env, baselineKey(so.operationId));
    const list = p.list ? env.op(p.list) : undefined;
    // Quiet: what the run created since the snapshot is ended now (cleanup would at the end).
    const now = before && list ? await readList(env, list, async () => presentedBy(await worker(env, list))) : undefined;
    const stale = now && before ? now.ids.filter((id) => !before.has(id)) : [];
    const endings = endingsOf(so, created, { id: 'any' }, [...env.plan.ops.values()]).map((e) => e.op);
    const requests = (stale.length + limit) * endings.length + limit + 2;
    const pick = await keyPool(env, poolPurpose(so.operationId), [so, ...endings], requests);
    const keyFor: KeyFor = async (op) => pick(op) ?? (await worker(env, op));
    for (const id of stale) await end(env, keyFor, so, created, { id });

    const inputs = inputsOf(env, c);
    const create = async () => env.exchange(so, inputs, presentedBy(await keyFor(so)), { provoked: true });
    const burst: Exchange[] = await Promise.all(Array.from({ length: limit + 2 }, create));
    const admitted = burst.filter((e) => e.response && e.response.status < 300);
    const refused = burst.filter((e) => !e.response || e.response.status >= 300);
    try {
      const documented = codeOf(c.expected.value);
      const evidence = {
        kind: 'concurrency-burst',
        limit,
        ...(before ? { before: before.size } : {}),
        sent: burst.length,
        admitted: admitted.length,
        refusals: refused.map((e) => ({ status: e.response?.status ?? 0, code: codeOf(e.response?.json) })),
        ...(documented ? { code: documented } : {}),
      } as const;
      const shown = refused[0] ?? burst.at(-1);
      return [{ label: refused.length ? 'first refusal' : 'last create', exchange: shown, sent: inputs, evidence }];
    } finally {
      for (const e of admitted) if (e.created && e.response) await end(env, keyFor, so, e.response.status, e.response.json as Json);
    }
  },
});

type KeyFor = (so: SpecOperation) => Promise<MintedKey>;

/** Ends what `so` created (`body`) through its documented endings; cleanup then leaves it alone. */
async function end(env: RunEnv, keyFor: KeyFor, so: SpecOperation, status: number, body: Json): Promise<void> {
  let done = false;
  for (const e of endingsOf(so, status, body, [...env.plan.ops.values()])) {
    const r = await env.exchange(e.op, { path: e.path }, presentedBy(await keyFor(e.op)));
    // Ended now, or already (409): either way nothing is left for cleanup to end.
    done ||= r.response !== undefined && (r.response.status < 300 || r.response.status === 409);
  }
  if (done && typeof body.id === 'string') env.cleanup.markEnded(body.id);
}

const codeOf = (value: unknown): string | undefined => {
  const code = (value as Json | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
