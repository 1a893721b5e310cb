// The bars (ratios judged against ARCHITECTURE.md §10) and how they are printed and written.
import { describe, expect, it } from 'vitest';
import {
  type Bar,
  type Comparison,
  growthComparisons,
  judge,
  startupComparisons,
  suiteComparisons,
  throughputComparisons,
  throughputProblem,
} from './bars.js';
import type { EndpointId } from './endpoints.js';
import type { GrowthSample } from './growth.js';
import { benchDocument, formatBar, formatPeers, formatRatio, formatTable, formatValue, tableRows, verdictLine } from './report.js';
import type { SuiteVsDredd } from './suite-vs-dredd.js';
import type { PeerThroughput, ThroughputRound } from './throughput.js';

describe('judge', () => {
  const table: Array<[number, Bar | undefined, string | undefined, string]> = [
    [0.5, { op: '>=', value: 0.5 }, undefined, 'pass'],
    [0.49, { op: '>=', value: 0.5 }, undefined, 'fail'],
    [0.5, { op: '<=', value: 0.5 }, undefined, 'pass'],
    [0.51, { op: '<=', value: 0.5 }, undefined, 'fail'],
    [1, { op: '<', value: 1 }, undefined, 'fail'],
    [0.2, { op: '<', value: 1 }, undefined, 'pass'],
    [NaN, { op: '>=', value: 10 }, undefined, 'invalid'],
    [20, { op: '>=', value: 10 }, 'the stub answered 401', 'invalid'],
    [20, undefined, undefined, 'info'],
    [1, { op: '>', value: 1 }, undefined, 'fail'],
    [1.01, { op: '>', value: 1 }, undefined, 'pass'],
  ];
  for (const [value, bar, invalid, want] of table)
    it(`${value} against ${formatBar(bar)}${invalid ? ' (invalid run)' : ''}: ${want}`, () =>
      expect(judge(value, bar, invalid)).toBe(want));
});

const round = (ok: number, completed = ok, errors = 0): ThroughputRound => ({
  connections: 32,
  sent: completed + errors,
  completed,
  ok,
  statuses: { 200: ok },
  errors,
  timeouts: 0,
  durationMs: 1000,
  okPerSecond: ok,
  latencyMs: { p50: 1, p99: 2, max: 3 },
  clientCpuMs: 500,
  serverCpuPercent: 95,
  serverCpuUsPer2xx: { user: 700_000 / ok, system: 250_000 / ok },
  clientCpuPercent: 50,
  sampledPeakRssKiB: 1024,
});
const peer = (
  name: string,
  okPerSecond: number,
  peakMiB: number,
  rounds = [round(okPerSecond)],
  endpoint: EndpointId = 'account',
): PeerThroughput => ({
  peer: name,
  endpoint,
  rounds,
  okPerSecond,
  serverCpuPercent: 80,
  okPerCpuSecond: okPerSecond / 0.8,
  cpuUsPer2xx: { user: 600_000 / okPerSecond, system: 200_000 / okPerSecond },
  p99Ms: 2.5,
  idleRssKiB: peakMiB * 1024,
  peakRssKiB: peakMiB * 1024,
  non2xx: rounds.reduce((n, r) => n + r.completed - r.ok, 0),
  errors: rounds.reduce((n, r) => n + r.errors, 0),
});

describe('throughputComparisons', () => {
  it('judges stub/bare ≥ 0.5, stub/Prism ≥ 15 and stub RSS / Prism RSS ≤ 0.5, and shows stub/bare RSS without a bar', () => {
    const got = throughputComparisons([peer('stub', 30_000, 100), peer('bare node:http', 50_000, 80), peer('Prism mock', 2_000, 250)]);
    expect(got.map((c) => [c.id, Number(c.ratio.toFixed(2)), c.result])).toEqual([
      ['throughput-vs-bare', 0.6, 'pass'],
      ['throughput-vs-prism', 15, 'pass'],
      ['memory-vs-prism', 0.4, 'pass'],
      ['memory-vs-bare', 1.25, 'info'],
    ]);
  });

  it('fails 12× Prism: the bar is 15×', () => {
    const got = throughputComparisons([peer('stub', 24_000, 100), peer('Prism mock', 2_000, 250)]);
    expect(got.find((c) => c.id === 'throughput-vs-prism')).toMatchObject({ result: 'fail', bar: { op: '>=', value: 15 } });
  });

  it('fails the bars a slow, heavy stub misses', () => {
    const got = throughputComparisons([peer('stub', 10_000, 200), peer('bare node:http', 50_000, 80), peer('Prism mock', 2_000, 250)]);
    expect(got.filter((c) => c.result === 'fail').map((c) => c.id)).toEqual([
      'throughput-vs-bare',
      'throughput-vs-prism',
      'memory-vs-prism',
    ]);
  });

  it('marks a comparison invalid when a peer answered non-2xx or lost requests', () => {
    const refused = peer('stub', 30_000, 100, [round(30_000, 40_000)]);
    const got = throughputComparisons([refused, peer('bare node:http', 50_000, 80)]);
    expect(got[0]).toMatchObject({ id: 'throughput-vs-bare', result: 'invalid' });
    expect(got[0].note).toMatch(/stub: 10000 non-2xx/);
  });

  it('tolerates a tiny share of bad answers', () => {
    expect(throughputProblem(peer('stub', 1, 1, [round(100_000, 100_000, 50)]))).toBeUndefined();
    expect(throughputProblem(peer('stub', 1, 1, [round(100_000, 100_000, 500)]))).toMatch(/500 lost/);
  });

  it('compares nothing without the stub', () => expect(throughputComparisons([peer('Prism mock', 2_000, 250)])).toEqual([]));

  it('judges the idempotent POST ≥ 0.35 of bare, shows the list and the Redis configurations per CPU-second without a bar', () => {
    const at = (name: string, rps: number, e: EndpointId) => peer(name, rps, 100, [round(rps)], e);
    const got = throughputComparisons([
      at('stub', 20_000, 'account'),
      at('bare node:http', 40_000, 'account'),
      at('stub', 4_000, 'idempotent-post'),
      at('bare node:http', 10_000, 'idempotent-post'),
      at('stub', 8_000, 'list-page'),
      at('bare node:http', 40_000, 'list-page'),
      at('stub + Redis, 1 worker', 8_000, 'account'),
      at('stub + Redis, 2 workers', 10_000, 'account'),
      at('stub + Redis, 1 worker', 2_000, 'idempotent-post'),
    ]);
    expect(got.map((c) => [c.id, Number(c.ratio.toFixed(2)), c.result])).toEqual([
      ['throughput-vs-bare', 0.5, 'pass'],
      ['idempotent-post-vs-bare', 0.4, 'pass'],
      ['list-page-vs-bare', 0.2, 'info'],
      ['memory-vs-bare', 1, 'info'],
      ['account-redis-1w-per-cpu-vs-bare', 0.2, 'info'],
      ['idempotent-post-redis-1w-per-cpu-vs-bare', 0.2, 'info'],
      ['account-redis-2w-per-cpu-vs-bare', 0.25, 'info'],
      ['account-redis-2w-vs-1w', 1.25, 'info'],
    ]);
    expect(got[4]).toMatchObject({ unit: 'req/CPU-s', ours: { value: 10_000 }, peer: { value: 50_000 } });
  });
});

describe('startupComparisons', () => {
  it('shows the stub start-up beside Prism in seconds, without a bar', () => {
    expect(startupComparisons(1_500, 6_000)).toMatchObject([
      { id: 'startup-vs-prism', unit: 's', ours: { value: 1.5 }, peer: { value: 6 }, ratio: 0.25, result: 'info' },
    ]);
    expect(startupComparisons(undefined, 6_000)).toEqual([]);
  });
});

describe('growthComparisons', () => {
  const sample = (factor: number, operations: number, ms: number, rssKiB: number): GrowthSample => ({
    factor,
    operations,
    specBytes: 1000 * factor,
    generateMs: ms,
    stubStartMs: ms / 2,
    stubRssKiB: rssKiB,
    planMs: ms * factor,
  });
  it('judges each step at k× against ≤ k× its 1× value, and notes growth = ratio / size ratio', () => {
    const got = growthComparisons({ samples: [sample(1, 58, 1_000, 100 * 1024), sample(10, 580, 3_000, 150 * 1024)] });
    expect(got.map((c) => [c.id, Number(c.ratio.toFixed(2)), c.bar?.value, c.result, c.note])).toEqual([
      ['growth-generate-x10', 3, 10, 'pass', 'growth 0.30 (ratio / size ratio; ≤ 1 is no worse than linear)'],
      ['growth-stub-start-x10', 3, 10, 'pass', 'growth 0.30 (ratio / size ratio; ≤ 1 is no worse than linear)'],
      ['growth-stub-rss-x10', 1.5, 10, 'pass', 'growth 0.15 (ratio / size ratio; ≤ 1 is no worse than linear)'],
      ['growth-plan-x10', 30, 10, 'fail', 'growth 3.00 (ratio / size ratio; ≤ 1 is no worse than linear)'],
    ]);
  });
  it('compares nothing without the 1× sample', () => expect(growthComparisons({ samples: [sample(10, 580, 1, 1)] })).toEqual([]));
});

const suite = (over: { contractFailed?: number; dreddFailed?: number } = {}): SuiteVsDredd => ({
  contract: { rounds: [], wallMs: 2_500, checks: 9_000, failedChecks: over.contractFailed ?? 0 },
  dredd: {
    rounds: [],
    wallMs: 12_500,
    checks: { transactions: 140, status: 140, headers: 980, bodyKeys: 1_480, assertions: 2_600, verdicts: 420 },
    failedTransactions: over.dreddFailed ?? 0,
  },
});

describe('suiteComparisons', () => {
  it('judges wall time (contract < Dredd) and checks (≥ 10× Dredd assertions); verdicts are informational', () => {
    expect(suiteComparisons(suite()).map((c) => [c.id, Number(c.ratio.toFixed(2)), c.result])).toEqual([
      ['suite-wall-time', 0.2, 'pass'],
      ['suite-checks', 3.46, 'fail'],
      ['suite-verdicts', 21.43, 'info'],
    ]);
  });

  it('judges the suite against Specmatic: less wall time, more checks; notes what Specmatic failed', () => {
    const s = {
      ...suite(),
      specmatic: { rounds: [], wallMs: 50_000, tests: 238, checks: 714, failedTests: 108 },
    };
    const got = suiteComparisons(s).slice(3);
    expect(got.map((c) => [c.id, Number(c.ratio.toFixed(2)), c.result])).toEqual([
      ['suite-wall-time-vs-specmatic', 0.05, 'pass'],
      ['suite-checks-vs-specmatic', 12.61, 'pass'],
    ]);
    expect(got[0].note).toMatch(/Specmatic reported 108 of 238 tests failed/);
  });

  it('marks both invalid when either tool reported failures against the stub', () => {
    const got = suiteComparisons(suite({ dreddFailed: 3 }));
    expect(got.slice(0, 2).map((c) => c.result)).toEqual(['invalid', 'invalid']);
    expect(got[0].note).toMatch(/Dredd reported 3 failed/);
  });
});

describe('formatting', () => {
  const table: Array<[number, Comparison['unit'], string]> = [
    [31686.4, 'req/s', '31,686 req/s'],
    [126.06, 'MiB', '126.1 MiB'],
    [2.449, 's', '2.45 s'],
    [9060, 'checks', '9,060'],
    [12345.6, 'req/CPU-s', '12,346 /CPU-s'],
    [NaN, 'req/s', 'n/a'],
  ];
  for (const [value, unit, want] of table) it(`${value} ${unit} → ${want}`, () => expect(formatValue(value, unit)).toBe(want));
  for (const [value, want] of [
    [0.2826, '0.28'],
    [9.751, '9.75'],
    [21.57, '21.6'],
    [NaN, 'n/a'],
  ] as const)
    it(`ratio ${value} → ${want}`, () => expect(formatRatio(value)).toBe(want));

  const comparisons = [
    ...throughputComparisons([peer('stub', 10_000, 200), peer('bare node:http', 50_000, 80)]),
    ...suiteComparisons(suite()),
  ];

  it('prints one aligned row per comparison (cells read back at the separator columns), then the notes', () => {
    const lines = formatTable(comparisons).split('\n');
    const starts = [...lines[1].matchAll(/-+/g)].map((m) => m.index!);
    const cells = (line: string) => starts.map((s, i) => line.slice(s, starts[i + 1]).trim());
    expect(cells(lines[0])).toEqual(['metric', 'ours', 'value', 'peer', 'value', 'ratio', 'bar', 'result']);
    expect(lines.slice(2, 2 + comparisons.length).map(cells)).toEqual(tableRows(comparisons));
    expect(cells(lines[2])).toEqual([
      'GET /v1/account: req/s (2xx)',
      'stub',
      '10,000 req/s',
      'bare node:http',
      '50,000 req/s',
      '0.20',
      '≥ 0.5',
      'FAIL',
    ]);
    expect(lines[2 + comparisons.length]).toBe('');
    expect(lines.slice(3 + comparisons.length)).toEqual([
      'notes:',
      ...comparisons.filter((c) => c.note).map((c) => `  ${c.id}: ${c.note}`),
    ]);
  });

  it('prints one line per load peer, with what went wrong when something did', () => {
    expect(
      formatPeers([
        peer('stub', 24_000, 135),
        peer('bare node:http', 80_000, 88, [round(80_000, 80_010, 2)]),
        peer('stub', 4_000, 135, [round(4_000)], 'list-page'),
      ]).split('\n'),
    ).toEqual([
      '  GET /v1/account:',
      '    stub: 24,000 req/s at 80% of a core (30.0k per CPU-second: 25 µs user + 8 µs system per 2xx), p99 2.5 ms, RSS 135.0 MiB idle, 135.0 MiB peak',
      '    bare node:http: 80,000 req/s at 80% of a core (100.0k per CPU-second: 8 µs user + 3 µs system per 2xx), p99 2.5 ms, RSS 88.0 MiB idle, 88.0 MiB peak, 10 non-2xx, 2 lost',
      '  GET /v1/contacts page 2:',
      '    stub: 4,000 req/s at 80% of a core (5.0k per CPU-second: 150 µs user + 50 µs system per 2xx), p99 2.5 ms, RSS 135.0 MiB idle, 135.0 MiB peak',
    ]);
  });

  it('sums up the verdicts in one line', () => {
    expect(verdictLine(comparisons)).toBe('1 of 3 bars met, 2 missed (throughput-vs-bare, suite-checks)');
  });

  it('writes allBarsMet only when every judged comparison passed', () => {
    const doc = (cs: Comparison[]) =>
      benchDocument({
        generatedAt: 'now',
        machine: { node: 'v20', cpus: 2, loadAverage: [0, 0, 0] },
        settings: {},
        comparisons: cs,
        measurements: {},
      });
    expect(doc(comparisons).allBarsMet).toBe(false);
    expect(doc(comparisons.filter((c) => c.result === 'pass' || c.result === 'info')).allBarsMet).toBe(true);
    expect(doc([]).allBarsMet).toBe(false);
    expect(JSON.parse(JSON.stringify(doc(comparisons))).comparisons).toHaveLength(comparisons.length);
  });
});
