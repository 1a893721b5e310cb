// ARCHITECTURE.md §4 probes: every limit is exhausted once on a budget of its own (a fresh key, a fresh
// call, the run's source address, last), exactly at its documented size even under a burst;
// then every operation refuses the exhausted key; the active-call limit holds.
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { readsOf } from '../cleanup.js';
import { COUNTER_CHECKS, counterEvidence } from '../exhaustive/counters.js';
import { presentedBy } from '../keys.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json, PlannedCase } from '../types.js';
import { freshKey } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, single, worker } from './support.js';
import type { Observation, Probe } from './types.js';

const status = (e: Exchange) => e.response?.status;
const code = (e: Exchange) => (e.response?.json as Json | undefined)?.code;

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

function summarize(first: Exchange | undefined, burst: Exchange[], limit: number, exact: boolean) {
  const all = first ? [first, ...burst] : burst;
  const refused = all.filter((e) => status(e) === 429);
  const admitted = all.filter((e) => e.response && status(e) !== 429).length;
  const shown = refused[0] ?? all.at(-1)!;
  return [
    {
      label: refused.length ? 'first 429' : 'last request',
      exchange: shown,
      related: { limit, sent: all.length, admitted, refused: refused.length, exact },
    },
  ];
}

/** Every answer of an exhaustion as counter evidence (exhaustive/counters.ts), shown on the summary's exchange. */
function counted(c: PlannedCase, shown: Observation, all: Exchange[], exact: boolean): Observation {
  const documented = { limit: Number(c.params?.limit), window: Number(c.params?.window) };
  const evidence = counterEvidence(String(c.params?.policy), documented, all, exact);
  return { label: 'counter', exchange: shown.exchange, sent: shown.sent, checks: COUNTER_CHECKS, related: { ...evidence } };
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

export const rateLimitExhaustion: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const policy = String(c.params?.policy);
  const per = String(c.params?.per);

  if (per === 'api-key') {
    const key = await keyOrSkip(freshKey(env, `exhaust ${policy}`));
    if (isSkip(key)) return key;
    const first = await env.exchange(so, inputs, presentedBy(key), { provoked: true });
    const seen = announced(first, policy);
    if (!seen) return single(first, inputs);
    if (seen.limit > env.settings.maxExhaust)
      return { skip: `the server's ${policy} limit is ${seen.limit}, above --max-exhaust ${env.settings.maxExhaust}` };
    // Sized from the limit, not from Remaining: a server that miscounts Remaining still gets
    // exactly N + 3 requests on a limit of N (the first one included).
    const burst = await parallel(seen.limit + 2, 32, () => env.exchange(so, inputs, presentedBy(key), { provoked: true }));
    env.exhausted.set(policy, key);
    const shown = summarize(first, burst, seen.limit, true).map((o) => ({ ...o, sent: inputs }));
    return [...shown, counted(c, shown[0], [first, ...burst], true)];
  }

  if (per === 'source-ip') {
    // Shared by the whole run, so earlier requests may have used part of it: no exact count.
    const limit = Number(c.params?.limit ?? 0);
    const sent: Exchange[] = [];
    for (let i = 0; i <= Math.min(limit, env.settings.maxExhaust); i++) {
      const key = await worker(env, so);
      const e = await env.exchange(so, inputs, presentedBy(key), { provoked: true });
      sent.push(e);
      if (status(e) === 429 || !e.response) break;
    }
    const shown = summarize(undefined, sent, limit, false).map((o) => ({ ...o, sent: inputs }));
    return [...shown, counted(c, shown[0], sent, false)];
  }

  // Per resource (call-commands per call): a fresh resource, settled, then a burst on it.
  const creator = creatorOf(env, c.operationId);
  if (!creator) return { skip: `no operation links to ${c.operationId} to create what ${policy} counts` };
  const make = await env.exchange(creator.so, inputsOf(env, creator.example), presentedBy(await worker(env, creator.so)));
  const made = make.response?.json as Json | undefined;
  if (!make.response || make.response.status >= 300 || typeof made?.id !== 'string')
    return { skip: `could not create the ${policy} subject with ${creator.example.id} (${make.response?.status ?? make.error?.kind})` };
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
    const key = await worker(env, so);
    const first = await env.exchange(so, { ...inputs, path }, presentedBy(key), { provoked: true });
    const seen = announced(first, policy) ?? { limit: Number(c.params?.limit), remaining: Number(c.params?.limit) - 1 };
    if (seen.limit > env.settings.maxExhaust) return { skip: `the server's ${policy} limit is ${seen.limit}, above --max-exhaust` };
    const burst = await parallel(seen.limit + 1, 16, async () =>
      env.exchange(so, { ...inputs, path }, presentedBy(await worker(env, so)), { provoked: true }),
    );
    const shown = summarize(first, burst, seen.limit, true).map((o) => ({ ...o, sent: { ...inputs, path } }));
    return [...shown, counted(c, shown[0], [first, ...burst], true)];
  } finally {
    if (make.created) await env.cleanup.end(make.created);
  }
};

export const rateLimited: Probe = async (env, c) => {
  const key = env.exhausted.get('default') ?? [...env.exhausted.values()][0];
  if (!key) return { skip: 'no key was exhausted (see the rate-limit-exhaustion probe)' };
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  return single(await env.exchange(so, inputs, presentedBy(key), { provoked: true }), inputs);
};

export const remainingDecreases: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await keyOrSkip(freshKey(env, 'remaining'));
  if (isSkip(key)) return key;
  const series: Exchange[] = [];
  for (let i = 0; i < 3; i++) series.push(await env.exchange(so, inputs, presentedBy(key)));
  return [{ label: 'third request', exchange: series[2], sent: inputs, related: { series } }];
};

export const concurrencyLimit: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const limit = Number(c.params?.limit);
  if (!Number.isFinite(limit)) return { skip: `x-concurrency-limits declares no limit for ${c.params?.limitName}` };
  const wanted = (c.expected.value as Json | undefined)?.code;
  const created: string[] = [];
  let last: Exchange | undefined;
  let waits = 0;
  try {
    for (let i = 0; i <= limit; i++) {
      last = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { provoked: true });
      // A rate limit is not the limit under test: wait it out like any unprovoked 429.
      if (status(last) === 429 && wanted && code(last) !== wanted && waits++ < 3) {
        const wait = Number(last.response?.headers['retry-after'] ?? 1);
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
  return [{ label: 'one over the limit', exchange: last!, sent: inputs, related: { limit, active: created.length } }];
};
