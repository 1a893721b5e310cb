// ARCHITECTURE.md §4: every rate-limit policy is exhausted once, on a budget of its own (a fresh key,
// a fresh resource, the run's source address, last), exactly at its documented size even under a
// burst; every answer is counter evidence for the exact-count checks. The exhausted key is what
// the rate-limited probe then presents everywhere.
import type { RateLimitPolicy } from '../../../openapi/tools/contract-model.js';
import type { ExamplePair, ResponseExample } from '../../../openapi/tools/example-pairs.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { rateLimitExhaustion as exhaustionVerdict } from '../checks/rate-limit-exhaustion.js';
import { readsOf } from '../cleanup.js';
import { rateLimitCountsExact, rateLimitDocumented } from '../exhaustive/counter-checks.js';
import { counterEvidence } from '../exhaustive/counters.js';
import { presentedBy } from '../keys.js';
import { idsIn } from '../plan/ids.js';
import { PHASE } from '../plan/phases.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json, PlannedCase } from '../types.js';
import { defineProbe, type PlanContext, probeCase } from './define.js';
import { freshKey } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, single, worker } from './support.js';
import type { Observation } from './types.js';

export interface ExhaustionParams {
  policy: string;
  per: RateLimitPolicy['per'];
  limit: number;
  window: number;
}

/** The policy each exhaustion uses up, where, and with which documented answers. */
export interface ExhaustionTarget {
  policy: RateLimitPolicy;
  so: SpecOperation;
  caseId: string;
  limited: ResponseExample;
  success: ExamplePair;
}

const definition = {
  id: 'rate-limit-exhaustion',
  title: 'Each limit ends exactly at its size',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [exhaustionVerdict, rateLimitCountsExact, rateLimitDocumented],
  keys: ['fresh', 'worker'],
  counts: { workerRequests: 0, perSourceIp: false },
} as const;

/**
 * One exhaustion per policy: per key on the cheapest plain read it counts, otherwise the first
 * operation it counts; each needs the operation's documented 429 and a success to repeat.
 */
export function exhaustionTargets(ctx: PlanContext): Map<string, ExhaustionTarget> {
  const out = new Map<string, ExhaustionTarget>();
  const policyCount = (so: SpecOperation) => ctx.model.operation(so.operationId).policies.length;
  for (const [name, policy] of ctx.model.policies) {
    const candidates = ctx.ops.filter((so) => ctx.model.operation(so.operationId).policies.some((p) => p.name === name));
    const byRead = candidates.filter((so) => so.method === 'get' && !so.path.includes('{')).sort((a, b) => policyCount(a) - policyCount(b));
    const so = policy.per === 'api-key' ? byRead[0] : candidates[0];
    if (!so) continue;
    const { pairs, probes } = ctx.model.operation(so.operationId);
    const limited = probes.find((e) => e.probe === 'rate-limited');
    const success =
      pairs.find(
        (p) =>
          /^2/.test(p.response.status) &&
          idsIn([p.request.path, p.request.query, p.request.body], ctx.known).size === 0 &&
          !/^(insufficient|spend|upstream)/.test(p.name),
      ) ?? pairs.find((p) => /^2/.test(p.response.status));
    if (!limited || !success) continue;
    out.set(name, { policy, so, limited, success, caseId: `${so.operationId} probe:${definition.id}:${name}` });
  }
  return out;
}

export const rateLimitExhaustion = defineProbe<ExhaustionParams>({
  ...definition,
  plan: (ctx) =>
    [...ctx.derive(exhaustionTargets).values()].map(({ policy, so, limited, success }) =>
      probeCase(
        definition,
        {
          so,
          variant: policy.name,
          expected: limited,
          request: success.request,
          verdicts: [exhaustionVerdict.id],
          // A key's own budget runs with the rest; the account's room waits for a quiet account, the run's address for the end.
          phase: policy.per === 'api-key' ? PHASE.main : policy.per === 'source-ip' ? PHASE.last : PHASE.exclusive,
          params: { policy: policy.name, per: policy.per, limit: policy.limit, window: policy.windowSeconds },
          why: `probe ${definition.id} (${policy.name}) with the "${success.name}" request`,
        },
        ctx,
      ),
    ),
  run: async (env, c) => {
    const p = c.params;
    if (!p) return { skip: 'the plan gave this case no policy' };
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    if (p.per === 'api-key') {
      const key = await keyOrSkip(freshKey(env, `exhaust ${p.policy}`));
      if (isSkip(key)) return key;
      const first = await env.exchange(so, inputs, presentedBy(key), { provoked: true });
      const seen = announced(first, p.policy);
      if (!seen) return single(first, inputs);
      if (seen.limit > env.settings.maxExhaust)
        return { skip: `the server's ${p.policy} limit is ${seen.limit}, above --max-exhaust ${env.settings.maxExhaust}` };
      // Sized from the limit, not from Remaining: a server that miscounts Remaining still gets
      // exactly N + 3 requests on a limit of N (the first one included).
      const burst = await parallel(seen.limit + 2, 32, () => env.exchange(so, inputs, presentedBy(key), { provoked: true }));
      env.exhausted.set(p.policy, key);
      return observations(p, [first, ...burst], seen.limit, true, inputs);
    }
    if (p.per === 'source-ip') {
      // Shared by the whole run, so earlier requests may have used part of it: no exact count.
      const sent: Exchange[] = [];
      for (let i = 0; i <= Math.min(p.limit, env.settings.maxExhaust); i++) {
        const e = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { provoked: true });
        sent.push(e);
        if (status(e) === 429 || !e.response) break;
      }
      return observations(p, sent, p.limit, false, inputs);
    }
    return perResource(env, c, p);
  },
});

/** Per resource (commands per call): a fresh resource, settled, then a burst on it. */
async function perResource(env: RunEnv, c: PlannedCase, p: ExhaustionParams) {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const creator = creatorOf(env, c.operationId);
  if (!creator) return { skip: `no operation links to ${c.operationId} to create what ${p.policy} counts` };
  const make = await env.exchange(creator.so, inputsOf(env, creator.example), presentedBy(await worker(env, creator.so)));
  const made = make.response?.json as Json | undefined;
  if (!make.response || make.response.status >= 300 || typeof made?.id !== 'string')
    return { skip: `could not create the ${p.policy} subject with ${creator.example.id} (${make.response?.status ?? make.error?.kind})` };
  try {
    for (const read of readsOf(creator.so, make.response.status, made, [...env.plan.ops.values()])) {
      await env.exchange(read.op, { path: read.path }, presentedBy(await worker(env, read.op)));
    }
    const path = {
      ...inputs.path,
      ...Object.fromEntries(
        Object.entries<Json>(creator.param).map(([k, v]) => [k.replace(/^path\./, ''), String(v) === '$response.body#/id' ? made.id : v]),
      ),
    };
    const first = await env.exchange(so, { ...inputs, path }, presentedBy(await worker(env, so)), { provoked: true });
    const seen = announced(first, p.policy) ?? { limit: p.limit, remaining: p.limit - 1 };
    if (seen.limit > env.settings.maxExhaust) return { skip: `the server's ${p.policy} limit is ${seen.limit}, above --max-exhaust` };
    const burst = await parallel(seen.limit + 1, 16, async () =>
      env.exchange(so, { ...inputs, path }, presentedBy(await worker(env, so)), { provoked: true }),
    );
    return observations(p, [first, ...burst], seen.limit, true, { ...inputs, path });
  } finally {
    if (make.created) await env.cleanup.end(make.created);
  }
}

const status = (e: Exchange) => e.response?.status;

async function parallel<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** Limit and remaining of the policy the headers describe, when they name `policy` (or any, if unnamed). */
function announced(e: Exchange, policy: string): { limit: number; remaining: number } | undefined {
  const h = e.response?.headers ?? {};
  const named = /^"([^"]+)"/.exec(h['ratelimit-policy'] ?? '')?.[1];
  const limit = Number(h['x-ratelimit-limit']);
  const remaining = Number(h['x-ratelimit-remaining']);
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || (named && named !== policy)) return undefined;
  return { limit, remaining };
}

/** The first 429 (or the last answer) with the exhaustion's summary, and every answer as counter evidence. */
function observations(p: ExhaustionParams, all: Exchange[], limit: number, exact: boolean, sent: Observation['sent']): Observation[] {
  const refused = all.filter((e) => status(e) === 429);
  const admitted = all.filter((e) => e.response && status(e) !== 429).length;
  const shown = refused[0] ?? all.at(-1);
  return [
    {
      label: refused.length ? 'first 429' : 'last request',
      exchange: shown,
      sent,
      evidence: { kind: 'exhaustion', limit, sent: all.length, admitted, refused: refused.length, exact },
    },
    {
      label: 'counter',
      exchange: shown,
      sent,
      checks: [rateLimitCountsExact.id, rateLimitDocumented.id],
      evidence: { kind: 'rate-limit-counter', ...counterEvidence(p.policy, { limit: p.limit, window: p.window }, all, exact) },
    },
  ];
}

/** The operation whose successful answer links to `target` (what creates the thing a per-X limit counts). */
function creatorOf(env: RunEnv, target: string): { so: SpecOperation; example: PlannedCase; param: Json } | undefined {
  for (const so of env.plan.ops.values()) {
    if (so.method !== 'post') continue;
    for (const [s, r] of Object.entries<Json>(so.op.responses ?? {})) {
      if (!/^2/.test(s)) continue;
      const link = Object.values<Json>(r.links ?? {}).find((l) => l.operationId === target);
      const example = env.plan.cases.find(
        (k) =>
          k.kind === 'example' &&
          k.operationId === so.operationId &&
          k.produces.length &&
          k.expected.status === s &&
          !/busy|fail/.test(k.example),
      );
      if (link && example) return { so, example, param: link.parameters ?? {} };
    }
  }
  return undefined;
}
