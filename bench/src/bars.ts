// ARCHITECTURE.md §10's bars as data: the measurements in, one comparison per bar (plus a few marked
// informational) out, each a ratio ours/peer judged against its bar. Pure.

import type { EndpointId } from './endpoints.js';
import type { GrowthResult, GrowthSample } from './growth.js';
import { growthOf } from './growth-math.js';
import { ratio } from './stats.js';
import type { SuiteVsDredd } from './suite-vs-dredd.js';
import type { PeerThroughput } from './throughput.js';

export type BarOp = '>=' | '<=' | '<' | '>';

export interface Bar {
  op: BarOp;
  value: number;
}

export type Verdict = 'pass' | 'fail' | 'invalid' | 'info';

export interface Comparison {
  id: string;
  metric: string;
  unit: 'req/s' | 'req/CPU-s' | 'MiB' | 's' | 'checks';
  ours: { name: string; value: number };
  peer: { name: string; value: number };
  /** ours / peer. */
  ratio: number;
  /** Absent for an informational comparison. */
  bar?: Bar;
  result: Verdict;
  /** Why a result is invalid, or what an informational row shows. */
  note?: string;
}

export const PEERS = {
  stub: 'stub',
  bare: 'bare node:http',
  prism: 'Prism mock',
  redis1: 'stub + Redis, 1 worker',
  redis2: 'stub + Redis, 2 workers',
} as const;

/** How the table names each measured request. */
export const ENDPOINT_NAMES: Record<EndpointId, string> = {
  account: 'GET /v1/account',
  'idempotent-post': 'POST /v1/messages, Idempotency-Key',
  'list-page': 'GET /v1/contacts page 2',
};

/** Answers that were not 2xx or never came, above which a throughput figure means nothing. */
export const MAX_BAD_SHARE = 0.001;

export function judge(value: number, bar: Bar | undefined, invalid?: string): Verdict {
  if (!bar) return 'info';
  if (invalid || !Number.isFinite(value)) return 'invalid';
  const ok =
    bar.op === '>=' ? value >= bar.value : bar.op === '<=' ? value <= bar.value : bar.op === '>' ? value > bar.value : value < bar.value;
  return ok ? 'pass' : 'fail';
}

function compare(c: Omit<Comparison, 'ratio' | 'result'>, invalid?: string): Comparison {
  const r = ratio(c.ours.value, c.peer.value);
  return { ...c, ratio: r, result: judge(r, c.bar, invalid), ...(invalid ? { note: invalid } : {}) };
}

/** Why a peer's throughput cannot be trusted (non-2xx answers, lost requests), if it cannot. */
export function throughputProblem(t: PeerThroughput): string | undefined {
  const completed = t.rounds.reduce((n, r) => n + r.completed, 0);
  const bad = t.non2xx + t.errors;
  if (completed === 0) return `${t.peer} answered nothing`;
  if (bad / (completed + t.errors) > MAX_BAD_SHARE) return `${t.peer}: ${t.non2xx} non-2xx answers and ${t.errors} lost requests`;
  return undefined;
}

const mib = (kib: number) => kib / 1024;

/** Throughput of every endpoint (bars for GET /v1/account and the idempotent POST), memory and start-up against Prism and bare, the Redis configurations per CPU-second. */
export function throughputComparisons(peers: readonly PeerThroughput[]): Comparison[] {
  const find = (name: string, endpoint: EndpointId = 'account') => peers.find((p) => p.peer === name && p.endpoint === endpoint);
  const out: Comparison[] = [];
  const problems = (...ps: PeerThroughput[]) => ps.map(throughputProblem).filter(Boolean).join('; ') || undefined;
  const stub = find(PEERS.stub);
  const bare = find(PEERS.bare);
  const prism = find(PEERS.prism);
  const metric = (e: EndpointId) => `${ENDPOINT_NAMES[e]}: req/s (2xx)`;
  const BARS: Record<EndpointId, Bar | undefined> = {
    account: { op: '>=', value: 0.5 },
    'idempotent-post': { op: '>=', value: 0.35 },
    'list-page': undefined,
  };
  const IDS: Record<EndpointId, string> = {
    account: 'throughput-vs-bare',
    'idempotent-post': 'idempotent-post-vs-bare',
    'list-page': 'list-page-vs-bare',
  };
  for (const e of Object.keys(BARS) as EndpointId[]) {
    const s = find(PEERS.stub, e);
    const b = find(PEERS.bare, e);
    if (!s || !b) continue;
    const c = compare(
      {
        id: IDS[e],
        metric: metric(e),
        unit: 'req/s',
        ours: { name: s.peer, value: s.okPerSecond },
        peer: { name: b.peer, value: b.okPerSecond },
        bar: BARS[e],
      },
      problems(s, b),
    );
    out.push(BARS[e] || c.note ? c : { ...c, note: 'no bar (ARCHITECTURE.md §10 sets none for lists)' });
  }
  if (stub && prism) {
    out.push(
      compare(
        {
          id: 'throughput-vs-prism',
          metric: metric('account'),
          unit: 'req/s',
          ours: { name: stub.peer, value: stub.okPerSecond },
          peer: { name: prism.peer, value: prism.okPerSecond },
          // Raised from 10×: a sandbox is judged by how much faster than the mock it answers.
          bar: { op: '>=', value: 15 },
        },
        problems(stub, prism),
      ),
    );
    out.push(
      compare(
        {
          id: 'memory-vs-prism',
          metric: 'peak RSS (VmHWM)',
          unit: 'MiB',
          ours: { name: stub.peer, value: mib(stub.peakRssKiB) },
          peer: { name: prism.peer, value: mib(prism.peakRssKiB) },
          bar: { op: '<=', value: 0.5 },
        },
        problems(stub, prism),
      ),
    );
  }
  if (stub && bare) {
    out.push({
      ...compare({
        id: 'memory-vs-bare',
        metric: 'peak RSS (VmHWM)',
        unit: 'MiB',
        ours: { name: stub.peer, value: mib(stub.peakRssKiB) },
        peer: { name: bare.peer, value: mib(bare.peakRssKiB) },
      }),
      note: 'no bar: how much of the stub is the runtime itself (node; both run plain JavaScript)',
    });
  }
  for (const [key, name] of [
    ['redis-1w', PEERS.redis1],
    ['redis-2w', PEERS.redis2],
  ] as const) {
    for (const e of Object.keys(IDS) as EndpointId[]) {
      const r = find(name, e);
      const b = find(PEERS.bare, e);
      if (!r || !b) continue;
      const c = compare(
        {
          id: `${e}-${key}-per-cpu-vs-bare`,
          metric: `${ENDPOINT_NAMES[e]}: 2xx per server CPU-second`,
          unit: 'req/CPU-s',
          ours: { name, value: r.okPerCpuSecond },
          peer: { name: b.peer, value: b.okPerCpuSecond },
        },
        problems(r, b),
      );
      out.push(c.note ? c : { ...c, note: "no bar: the cost per request with Redis (redis-server's CPU counted as the stub's)" });
    }
  }
  const r1 = find(PEERS.redis1);
  const r2 = find(PEERS.redis2);
  if (r1 && r2) {
    const c = compare(
      {
        id: 'account-redis-2w-vs-1w',
        metric: metric('account'),
        unit: 'req/s',
        ours: { name: r2.peer, value: r2.okPerSecond },
        peer: { name: r1.peer, value: r1.okPerSecond },
      },
      problems(r1, r2),
    );
    out.push(c.note ? c : { ...c, note: 'no bar: a second worker on 2 cores shared with the load generator and redis-server' });
  }
  return out;
}

/** Start-up to the first 200 on GET /v1/account with a key: the stub (`npm run stub`'s entry point) beside Prism. */
export function startupComparisons(stubMs: number | undefined, prismMs: number | undefined): Comparison[] {
  if (stubMs === undefined || prismMs === undefined) return [];
  return [
    {
      ...compare({
        id: 'startup-vs-prism',
        metric: 'start-up: spawn to first 200 on GET /v1/account',
        unit: 's',
        ours: { name: PEERS.stub, value: stubMs / 1000 },
        peer: { name: PEERS.prism, value: prismMs / 1000 },
      }),
      note: 'no bar: the stub through STUB_COMMAND (bench/src/servers.ts), a cold process; Prism likewise',
    },
  ];
}

export function suiteComparisons(s: SuiteVsDredd): Comparison[] {
  const broken =
    [
      s.contract.failedChecks ? `the contract suite reported ${s.contract.failedChecks} failed checks against the stub` : '',
      s.dredd.failedTransactions ? `Dredd reported ${s.dredd.failedTransactions} failed transactions against the stub` : '',
    ]
      .filter(Boolean)
      .join('; ') || undefined;
  const suite = 'contract suite';
  const dredd = 'Dredd';
  return [
    compare(
      {
        id: 'suite-wall-time',
        metric: 'wall time, median of rounds',
        unit: 's',
        ours: { name: suite, value: s.contract.wallMs / 1000 },
        peer: { name: dredd, value: s.dredd.wallMs / 1000 },
        bar: { op: '<', value: 1 },
      },
      broken,
    ),
    compare(
      {
        id: 'suite-checks',
        metric: 'checks made (Dredd: status + headers + body keys)',
        unit: 'checks',
        ours: { name: suite, value: s.contract.checks },
        peer: { name: dredd, value: s.dredd.checks.assertions },
        bar: { op: '>=', value: 10 },
      },
      broken,
    ),
    {
      ...compare({
        id: 'suite-verdicts',
        metric: 'verdicts per exchange (Dredd: 3 per transaction)',
        unit: 'checks',
        ours: { name: suite, value: s.contract.checks },
        peer: { name: dredd, value: s.dredd.checks.verdicts },
      }),
      note: "no bar: the same unit on both sides (one pass/fail about one response), where Dredd's assertions count each key",
    },
    ...specmaticComparisons(s),
  ];
}

function specmaticComparisons(s: SuiteVsDredd): Comparison[] {
  const sp = s.specmatic;
  if (!sp) return [];
  const broken = s.contract.failedChecks
    ? `the contract suite reported ${s.contract.failedChecks} failed checks against the stub`
    : undefined;
  const failed = sp.failedTests
    ? `; Specmatic reported ${sp.failedTests} of ${sp.tests} tests failed: it sends the spec's example ids as they are and runs no prerequisite, so reads of ids the server never created are 404 (bench/README.md)`
    : '';
  const withNote = (c: Comparison): Comparison => (c.result === 'invalid' || !failed ? c : { ...c, note: failed.slice(2) });
  return [
    withNote(
      compare(
        {
          id: 'suite-wall-time-vs-specmatic',
          metric: 'wall time, median of rounds',
          unit: 's',
          ours: { name: 'contract suite', value: s.contract.wallMs / 1000 },
          peer: { name: 'Specmatic', value: sp.wallMs / 1000 },
          bar: { op: '<', value: 1 },
        },
        broken,
      ),
    ),
    withNote(
      compare(
        {
          id: 'suite-checks-vs-specmatic',
          metric: 'checks made (Specmatic: 3 per test run)',
          unit: 'checks',
          ours: { name: 'contract suite', value: s.contract.checks },
          peer: { name: 'Specmatic', value: sp.checks },
          bar: { op: '>', value: 1 },
        },
        broken,
      ),
    ),
  ];
}

const GROWTH_METRICS: Array<{ key: keyof GrowthSample; id: string; metric: string; unit: Comparison['unit']; scale: number }> = [
  { key: 'generateMs', id: 'generate', metric: 'generate (bundle, JSON, YAML, types)', unit: 's', scale: 1 / 1000 },
  { key: 'stubStartMs', id: 'stub-start', metric: 'stub start-up to first 200', unit: 's', scale: 1 / 1000 },
  { key: 'stubRssKiB', id: 'stub-rss', metric: 'stub RSS once started', unit: 'MiB', scale: 1 / 1024 },
  { key: 'planMs', id: 'plan', metric: "runner's plan", unit: 's', scale: 1 / 1000 },
];

/** Each step at k× the spec against the same step at 1×: bar ≤ k× (no worse than linear); the note gives growth = ratio / k. */
export function growthComparisons(g: GrowthResult): Comparison[] {
  const base = g.samples.find((x) => x.factor === 1);
  if (!base) return [];
  const out: Comparison[] = [];
  for (const m of GROWTH_METRICS) {
    for (const big of g.samples.filter((x) => x.factor > 1)) {
      const gr = growthOf({ size: base.operations, value: base[m.key] }, { size: big.operations, value: big[m.key] });
      const c = compare({
        id: `growth-${m.id}-x${big.factor}`,
        metric: `${m.metric}, ${big.operations} vs ${base.operations} operations`,
        unit: m.unit,
        ours: { name: `${big.factor}x spec`, value: big[m.key] * m.scale },
        peer: { name: '1x spec', value: base[m.key] * m.scale },
        bar: { op: '<=', value: Number(gr.sizeRatio.toFixed(2)) },
      });
      out.push({
        ...c,
        note: `growth ${Number.isFinite(gr.growth) ? gr.growth.toFixed(2) : 'n/a'} (ratio / size ratio; ≤ 1 is no worse than linear)`,
      });
    }
  }
  return out;
}
