// Tenant isolation of aggregates (ARCHITECTURE.md §2): what the other account reads (its account,
// balance, analytics) does not move while only this account acts: a snapshot in the discover
// phase, the same read again before the destroy phase.
import type { ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, NEEDS_OTHER_KEY, probeCase } from '../probes/define.js';
import { inputsOf, RESPONSE_ONLY } from '../probes/support.js';
import type { Exchange } from '../types.js';
import { aggregateIsolationVerdict } from './isolation-checks.js';
import { otherAccount } from './other-account.js';
import { recall, remember } from './run-memory.js';
import { collectionReads, successPair } from './targets.js';
import { rangeCoveringNow } from './time-window.js';

const definition = {
  id: 'aggregate-isolation',
  title: "Aggregates do not move with another account's activity",
  kind: 'stateful',
  phase: PHASE.conflict,
  verdicts: [aggregateIsolationVerdict],
  keys: ['other-account'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

interface Snapshot {
  inputs: ReturnType<typeof inputsOf> & { query: ExampleRequest['query'] };
  exchange: Exchange;
}

const snapshotKey = (operationId: string) => `aggregate:${operationId}`;

export const aggregateIsolation = defineProbe({
  ...definition,
  plan: (ctx) =>
    collectionReads(ctx.spec, ctx.ops).aggregates.flatMap((so) => {
      const pair = successPair(so);
      if (!pair) return [];
      const read = { so, expected: pair.response, request: pair.request };
      const before = probeCase(
        definition,
        {
          ...read,
          variant: 'before',
          verdicts: [],
          responseChecks: true,
          phase: PHASE.discover,
          why: "the other account's answer before this account acts",
        },
        ctx,
      );
      const after = probeCase(
        definition,
        { ...read, variant: 'after', why: "the same read after this account's activity, before the destroy phase", after: [before.id] },
        ctx,
      );
      return [before, after];
    }),
  run: async (env, c) => {
    const other = otherAccount(env);
    if (!other) return { skip: NEEDS_OTHER_KEY };
    const so = env.op(c.operationId);
    if (c.variant === 'before') {
      const base = inputsOf(env, c);
      const inputs = { ...base, query: rangeCoveringNow(base.query, Date.now() + env.clockOffset) };
      const exchange = await env.exchange(so, inputs, other);
      remember<Snapshot>(env, snapshotKey(so.operationId), { inputs, exchange });
      return [{ label: 'before', exchange, sent: inputs, checks: RESPONSE_ONLY }];
    }
    const before = recall<Snapshot>(env, snapshotKey(so.operationId));
    const inputs = before?.inputs ?? inputsOf(env, c);
    const exchange = await env.exchange(so, inputs, other);
    const earlier = before?.exchange.response;
    const missing = !before
      ? 'the snapshot of the discover phase did not run'
      : `the snapshot was answered ${earlier?.status ?? before.exchange.error?.kind}`;
    const after = exchange.response?.json;
    const evidence =
      earlier && earlier.status < 300
        ? ({ kind: 'aggregate-isolation', before: earlier.json, after } as const)
        : ({ kind: 'aggregate-isolation', missing, after } as const);
    return [{ label: 'after', exchange, sent: inputs, evidence }];
  },
});
