// ARCHITECTURE.md §10's bars as data: the measurements in, one comparison per bar (plus a few marked
// informational) out, each a ratio ours/peer judged against its bar. Pure.

import { ratio } from './stats.js';
import type { SuiteVsDredd } from './suite-vs-dredd.js';
import type { PeerThroughput } from './throughput.js';

export type BarOp = '>=' | '<=' | '<';

export interface Bar {
  op: BarOp;
  value: number;
}

export type Verdict = 'pass' | 'fail' | 'invalid' | 'info';

export interface Comparison {
  id: string;
  metric: string;
  unit: 'req/s' | 'MiB' | 's' | 'checks';
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

export const PEERS = { stub: 'stub', bare: 'bare node:http', prism: 'Prism mock' } as const;

/** Answers that were not 2xx or never came, above which a throughput figure means nothing. */
export const MAX_BAD_SHARE = 0.001;

export function judge(value: number, bar: Bar | undefined, invalid?: string): Verdict {
  if (!bar) return 'info';
  if (invalid || !Number.isFinite(value)) return 'invalid';
  const ok = bar.op === '>=' ? value >= bar.value : bar.op === '<=' ? value <= bar.value : value < bar.value;
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

export function throughputComparisons(peers: readonly PeerThroughput[]): Comparison[] {
  const find = (name: string) => peers.find((p) => p.peer === name);
  const stub = find(PEERS.stub);
  if (!stub) return [];
  const out: Comparison[] = [];
  const problems = (...ps: PeerThroughput[]) => ps.map(throughputProblem).filter(Boolean).join('; ') || undefined;
  const bare = find(PEERS.bare);
  const prism = find(PEERS.prism);
  const metric = 'req/s (2xx), median of rounds';
  if (bare) {
    out.push(
      compare(
        {
          id: 'throughput-vs-bare',
          metric,
          unit: 'req/s',
          ours: { name: stub.peer, value: stub.okPerSecond },
          peer: { name: bare.peer, value: bare.okPerSecond },
          bar: { op: '>=', value: 0.5 },
        },
        problems(stub, bare),
      ),
    );
  }
  if (prism) {
    out.push(
      compare(
        {
          id: 'throughput-vs-prism',
          metric,
          unit: 'req/s',
          ours: { name: stub.peer, value: stub.okPerSecond },
          peer: { name: prism.peer, value: prism.okPerSecond },
          bar: { op: '>=', value: 10 },
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
  if (bare) {
    out.push({
      ...compare({
        id: 'memory-vs-bare',
        metric: 'peak RSS (VmHWM)',
        unit: 'MiB',
        ours: { name: stub.peer, value: mib(stub.peakRssKiB) },
        peer: { name: bare.peer, value: mib(bare.peakRssKiB) },
      }),
      note: 'no bar: how much of the stub is the runtime itself (node + tsx loader)',
    });
  }
  return out;
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
  ];
}
