// Judging records: what counts as a 5xx, a non-problem 4xx, a hang, a drop or a crash, and what a
// broken-HTTP close is allowed to be.
import { describe, expect, it } from 'vitest';
import type { Outcome, RequestRecord } from './client.js';
import { buildReport, formatReport, judge } from './report.js';
import type { RunResult } from './run.js';

const record = (outcome: Outcome, owed: RequestRecord['owed'] = 'answer', startedAt = 1_000, ms = 10): RequestRecord => ({
  category: 'c',
  shape: 's',
  owed,
  bytesSent: 100,
  outcome,
  startedAt,
  ms,
});
const answer = (status: number, fault?: string): Outcome => ({
  kind: 'answer',
  status,
  contentType: 'application/problem+json',
  ...(fault ? { fault } : {}),
});

describe('judge', () => {
  it.each<[string, RequestRecord, string | undefined]>([
    ['a 4xx problem', record(answer(422)), undefined],
    ['a 2xx', record(answer(201)), undefined],
    ['a 5xx, even a problem', record(answer(503)), '5xx'],
    ['a 4xx that is not a problem', record(answer(400, 'no Content-Type')), 'non-problem 4xx'],
    ['no answer and no close', record({ kind: 'timeout' }), 'hang'],
    ['an idle connection held open', record({ kind: 'lingered', status: 200 }), 'hang'],
    ['a close where an answer was owed', record({ kind: 'closed', partial: false }), 'drop'],
    ['a close of broken HTTP', record({ kind: 'closed', partial: false }, 'answer-or-close'), undefined],
    ['half a response, even for broken HTTP', record({ kind: 'closed', partial: true }, 'answer-or-close'), 'drop'],
    ['a refusal', record({ kind: 'refused' }), 'drop'],
  ])('%s', (_, r, want) => expect(judge(r, [])?.kind).toBe(want));

  it('puts a close around a crash down to the crash', () => {
    expect(judge(record({ kind: 'closed', partial: false }, 'answer', 1_000, 50), [{ from: 1_000, to: 2_000 }])?.kind).toBe('crash');
  });
});

describe('buildReport', () => {
  it('counts per category and in total, names the crash suspects, and prints the reproduction', () => {
    const result: RunResult = {
      seed: 9,
      server: 'test',
      records: [
        record(answer(404)),
        record(answer(500)),
        { ...record({ kind: 'closed', partial: false }, 'answer', 1_990, 20), category: 'd' },
      ],
      crashes: [{ at: 2_000, back: 2_500, code: 1, signal: null, stderr: ['RangeError'] }],
      memory: { startKiB: 1_024, peakKiB: 4_096, endKiB: 2_048 },
      canary: { unchanged: true, differences: [] },
      health: { request: 'GET /v1/account', status: 200 },
      errorLog: [],
      ms: 1_000,
    };
    const report = buildReport(result);
    expect(report.total.counts).toEqual({ '5xx': 1, 'non-problem 4xx': 0, hang: 0, drop: 0, crash: 1 });
    expect(report.rows.map((r) => [r.category, r.requests])).toEqual([
      ['c', 2],
      ['d', 1],
    ]);
    expect(report.crashSuspects).toEqual(['d']);
    expect(report.memoryGrowthKiB).toBe(3_072);
    const text = formatReport(report);
    expect(text).toContain('| c ');
    expect(text).toContain('RSS: start 1.0 MiB, peak 4.0 MiB, end 2.0 MiB');
    expect(text).toContain('reproduce: RELIABILITY_SEED=9 npm run test:reliability');
  });
});
