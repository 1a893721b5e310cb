// The exhaustive properties' pure parts: which operations each property covers (every operation,
// every collection read, every concurrency limit), paging, the moved time range, the isolation
// comparisons, the exact counters and the concurrency verdict.
import { describe, expect, it } from 'vitest';
import { listOperations } from '../../../openapi/tools/spec.js';
import { checkById, runChecks } from '../checks/index.js';
import { knownIds } from '../plan/ids.js';
import { buildPlan, PHASE } from '../plan/index.js';
import { scopeOf } from '../probes/support.js';
import { ctxFor, exchange, problem, rateLimitHeaders, spec } from '../testing/fixtures/exchanges.js';
import { type ConcurrencyEvidence, concurrencyProblems } from './concurrency.js';
import type { CountedAnswer, CounterEvidence } from './counters.js';
import { countedAnswer, counterEvidence, countsExact, documentedLimit } from './counters.js';
import { type AggregateEvidence, differences, leakedIds } from './isolation.js';
import { matrixLabel, matrixScopes } from './matrix-keys.js';
import { firstPage, itemIds, nextPage, pageParams } from './pagination.js';
import { collectionReads, concurrencyTargets, scopeMatrixTargets } from './targets.js';
import { rangeCoveringNow } from './time-window.js';

const ops = listOperations(spec);
const known = knownIds(spec);
const ids = (list: Array<{ operationId: string }>) => list.map((so) => so.operationId);

describe('which operations a property covers', () => {
  it('the scope matrix: every operation, its own scope, its safe request and documented refusal', () => {
    const rows = scopeMatrixTargets(spec, ops, known);
    expect(rows.map((r) => r.so.operationId)).toEqual(ids(ops));
    for (const r of rows) {
      expect(r.scope, r.so.operationId).toBe(scopeOf(r.so));
      expect(r.refused?.status, r.so.operationId).toBe('403');
      expect(r.pair.response.status, r.so.operationId).toMatch(/^(2|404|422)/);
    }
    // given: the operations limited per source IP; want: skipped with the reason, nothing else.
    const skipped = rows.filter((r) => r.skip).map((r) => [r.so.operationId, r.skip]);
    expect(skipped).toEqual([['sendOtp', expect.stringMatching(/per source IP \(otp-source-ip: 5\/60s\)/)]]);
  });

  it('the scope matrix uses keys holding all scopes but one, or that one alone', () => {
    const held = ['a:read', 'a:write', 'b:read'];
    // given: the admin's scopes, a scope, a variant; want: the key's scopes.
    const table: Array<[string, 'without' | 'only', string[]]> = [
      ['a:write', 'without', ['a:read', 'b:read']],
      ['a:write', 'only', ['a:write']],
      ['b:read', 'without', ['a:read', 'a:write']],
    ];
    for (const [scope, variant, want] of table) expect(matrixScopes(held, scope, variant)).toEqual(want);
    expect(matrixLabel('calls:write', 'without')).toBe('$KEY_WITHOUT_CALLS_WRITE');
    expect(matrixLabel('email:verify', 'only')).toBe('$KEY_ONLY_EMAIL_VERIFY');
  });

  it('tenant isolation: every GET without a path id, lists apart from aggregates', () => {
    const { lists, aggregates } = collectionReads(spec, ops);
    expect(ids(lists)).toEqual([
      'listApiKeys',
      'listAgents',
      'listNumbers',
      'listCalls',
      'listCampaigns',
      'listContacts',
      'listMessages',
      'listLookups',
      'listBillingUsage',
      'listWebhooks',
    ]);
    expect(ids(aggregates)).toEqual(['getAccount', 'getIpAllowlist', 'getBillingBalance', 'getCallAnalytics', 'getCampaignAnalytics']);
  });

  it('the exact concurrency limit: every operation under x-concurrency-limit, sized by the registry', () => {
    const targets = concurrencyTargets(spec, ops);
    const rows = targets.map((t) => [t.so.operationId, t.name, t.limit, t.refused.status, t.pair.name]);
    expect(rows).toEqual([['triggerCall', 'active-calls', 5, '429', 'outbound-call']]);
    expect(targets.map((t) => t.list?.operationId)).toEqual(['listCalls']);
  });
});

describe('the plan of the exhaustive cases', () => {
  const plan = buildPlan(spec, { profile: 'full', otherKey: true });
  const cases = (probe: string) => plan.cases.filter((c) => c.probe === probe);

  it('has two matrix rows per operation, each with its verdict', () => {
    expect(cases('scope-matrix')).toHaveLength(2 * ops.length);
    for (const c of cases('scope-matrix')) {
      expect(c.checks.at(-1)).toBe(c.variant === 'without' ? 'scope-matrix-refused' : 'scope-matrix-allowed');
    }
  });

  it('reads aggregates before this account acts and after, lists before the destroy phase', () => {
    for (const c of cases('aggregate-isolation')) expect(c.phase).toBe(c.variant === 'before' ? PHASE.discover : PHASE.conflict);
    for (const c of cases('list-isolation')) expect(c.phase).toBe(PHASE.conflict);
    const burst = cases('concurrency-burst')[0];
    expect([burst.phase, burst.after]).toEqual([PHASE.last, expect.arrayContaining(['listCalls probe:concurrency-baseline:triggerCall'])]);
  });

  it("plans another account's key on every operation with a path id, writes included", () => {
    const withId = ops.filter((so) => so.path.includes('{'));
    expect(ids(cases('cross-account')).sort()).toEqual(ids(withId).sort());
    for (const c of cases('cross-account')) expect([c.phase, c.expected.status]).toEqual([PHASE.conflict, '404']);
  });

  it('skips isolation with the reason without --other-key', () => {
    const alone = buildPlan(spec, { profile: 'full', otherKey: false });
    const isolation = alone.cases.filter((x) => ['list-isolation', 'aggregate-isolation'].includes(x.probe ?? ''));
    expect(isolation.length).toBeGreaterThan(10);
    for (const c of isolation) expect(c.skip).toMatch(/--other-key/);
  });

  it('registers every verdict it plans', () => {
    const planned = plan.cases.filter((x) => /scope-matrix|isolation|concurrency-burst/.test(x.probe ?? ''));
    for (const c of planned) for (const id of c.checks) expect(checkById(id), id).toBeDefined();
  });
});

describe('paging through a list', () => {
  const params = pageParams(collectionReads(spec, ops).lists);

  it('finds the page size and cursor every list shares', () => {
    expect(params).toEqual({ size: { name: 'limit', max: 100 }, cursor: 'starting_after' });
    expect(firstPage(params)).toEqual({ limit: 100 });
  });

  // given: a page; want: the query of the next one (undefined: the last page).
  const table: Array<[string, unknown, Record<string, unknown> | undefined]> = [
    ['last page', { data: [{ id: 'a_1' }], has_more: false, next_cursor: null }, undefined],
    ['next_cursor', { data: [{ id: 'a_1' }], has_more: true, next_cursor: 'a_1' }, { limit: 100, starting_after: 'a_1' }],
    ['no next_cursor: the last id', { data: [{ id: 'a_1' }, { id: 'a_2' }], has_more: true }, { limit: 100, starting_after: 'a_2' }],
    ['not a list', { code: 'RATE_LIMITED' }, undefined],
  ];
  it.each(table)('%s', (_name, body, want) => expect(nextPage(params, { limit: 100 }, body)).toEqual(want));

  it('reads item ids', () => expect(itemIds({ data: [{ id: 'a_1' }, { name: 'x' }, 3] })).toEqual(['a_1']));
});

describe('the range of an aggregate moved to hold the run', () => {
  const now = Date.parse('2026-11-30T03:12:08Z');
  const range = (from: string, to: string) => ({ from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z`, granularity: 'month' });
  // given: documented inputs; want: the same range length, ending the second UTC midnight after now.
  const table: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['a documented range', range('2026-09-01', '2026-11-20'), range('2026-09-13', '2026-12-02')],
    ['no date-time', { granularity: 'day' }, { granularity: 'day' }],
    ['one bound', { from: '2026-11-01T12:00:00Z' }, { from: '2026-12-02T00:00:00Z' }],
  ];
  it.each(table)('%s', (_name, query, want) => expect(rangeCoveringNow(query, now)).toEqual(want));
});

describe('the isolation comparisons', () => {
  // given: the other account's list, this account's ids; want: the leaked ones.
  const leaks: Array<[string, string[], string[], string[]]> = [
    ['disjoint', ['b_1', 'b_2'], ['a_1'], []],
    ['one of ours', ['b_1', 'a_1'], ['a_1', 'a_2'], ['a_1']],
    ['repeated', ['a_1', 'a_1'], ['a_1'], ['a_1']],
    ['nothing of ours', ['b_1'], [], []],
  ];
  it.each(leaks)('leakedIds: %s', (_n, other, ours, want) => expect(leakedIds(other, ours)).toEqual(want));

  // given: an aggregate before and after; want: where it moved.
  const moves: Array<[string, unknown, unknown, string[]]> = [
    ['unchanged', { totals: { calls: 3 }, series: [{ calls: 3 }] }, { totals: { calls: 3 }, series: [{ calls: 3 }] }, []],
    ['a count', { totals: { calls: 3 } }, { totals: { calls: 4 } }, ['/totals/calls']],
    ['a series grew', { series: [1] }, { series: [1, 2] }, ['/series/length']],
    ['a field appeared', { a: 1 }, { a: 1, b: 2 }, ['/b']],
  ];
  it.each(moves)('differences: %s', (_n, before, after, want) => expect(differences(before, after).map((d) => d.pointer)).toEqual(want));
});

describe('the exact counters', () => {
  const answers = (limit: number, remaining: number[], extra: Partial<CountedAnswer> = {}): CountedAnswer[] =>
    remaining.map((r) => ({ status: 200, limit, remaining: r, policy: 'calls', quota: limit, window: 60, ...extra }));
  const refused: CountedAnswer = { status: 429, limit: 10, remaining: 0, policy: 'calls', quota: 10, window: 60 };
  const ev = (a: CountedAnswer[], exact = true): CounterEvidence => ({
    policy: 'calls',
    documented: { limit: 10, window: 60 },
    answers: a,
    exact,
  });
  const down = (from: number, n: number) => Array.from({ length: n }, (_, i) => from - i);
  const otherPolicy: CountedAnswer = { status: 200, limit: 100, remaining: 5, policy: 'default' };

  // given: the answers of an exhaustion; want: the problems of each comparison ('skip' when it cannot tell).
  const table: Array<[string, CounterEvidence, string[] | 'skip', string[] | 'skip']> = [
    ['exact, in any order', ev([...answers(10, [3, 9, 8, 7, 6, 5, 4, 2, 1, 0]), refused, refused]), [], []],
    ['one too high', ev([...answers(10, down(10, 10)), refused]), ['X-RateLimit-Remaining 10 … 1, not 9 … 0'], []],
    ['a request counted twice', ev([...answers(10, [9, 7, 6, 5, 4, 3, 2, 1, 0, 0]), refused]), ['repeated 0'], []],
    ['constant', ev([...answers(10, Array(10).fill(9)), refused]), ['repeated 9'], []],
    [
      'limit N + 1, told and kept',
      ev([...answers(11, down(10, 11)), { ...refused, limit: 11, quota: 11 }]),
      [],
      ['documented at 10 requests; the server announced X-RateLimit-Limit 11', 'the first 429 came after 11 admitted requests'],
    ],
    ['another window', ev([...answers(10, down(9, 10), { window: 30 }), refused]), [], ['60s; RateLimit-Policy announced w=30']],
    ['a shared budget', ev([...answers(10, [4, 3]), refused], false), 'skip', []],
    ['answers about another policy', ev([...answers(10, down(9, 9)), otherPolicy, refused]), 'skip', []],
  ];
  it.each(table)('%s', (_name, evidence, exact, documented) => {
    const verdict = (v: ReturnType<typeof countsExact>) => ('skip' in v ? 'skip' : v.problems);
    const like = (want: string[] | 'skip') => (want === 'skip' ? 'skip' : want.map((w) => expect.stringContaining(w)));
    expect([verdict(countsExact(evidence)), verdict(documentedLimit(evidence))]).toEqual([like(exact), like(documented)]);
  });

  it("reads an answer's counter from both header families", () => {
    const answer = countedAnswer(exchange({ status: 200, body: {}, headers: rateLimitHeaders(10, 4, 'calls') }));
    expect(answer).toEqual({ status: 200, limit: 10, remaining: 4, policy: 'calls', quota: 10, window: 60 });
    const unauthorized = counterEvidence('calls', { limit: 10, window: 60 }, [exchange({ status: 401, body: {} })], true);
    expect(unauthorized.answers).toEqual([{ status: 401 }]);
  });
});

describe('the exact concurrency limit', () => {
  const limited = { status: 429, code: 'CONCURRENCY_LIMIT' };
  const ev = (over: Partial<ConcurrencyEvidence>): ConcurrencyEvidence => ({
    limit: 5,
    before: 0,
    sent: 7,
    admitted: 5,
    refusals: [limited, limited],
    code: 'CONCURRENCY_LIMIT',
    ...over,
  });
  // given: a burst's outcome; want: the problems.
  const table: Array<[string, ConcurrencyEvidence, string[]]> = [
    ['exactly the limit', ev({}), []],
    ['one more (a race)', ev({ admitted: 6, refusals: [limited] }), ['admitted 6 times; the documented limit is 5']],
    ['one less on a quiet account', ev({ admitted: 4, refusals: [limited, limited, limited] }), ['admitted only 4 times']],
    ['one less, items from before the run', ev({ before: 2, admitted: 4, refusals: [limited, limited, limited] }), []],
    [
      'refused with a rate limit',
      ev({ refusals: [{ status: 429, code: 'RATE_LIMITED' }, limited] }),
      ['refusals must be 429 CONCURRENCY_LIMIT; received 429 RATE_LIMITED'],
    ],
  ];
  it.each(table)('%s', (_name, evidence, want) => {
    expect(concurrencyProblems(evidence)).toEqual(want.map((w) => expect.stringContaining(w)));
  });
});

describe('the exhaustive verdicts', () => {
  const held = ['account:read', 'agents:write'];
  const refusal = ctxFor('getAgent', 'insufficient-scope', {
    evidence: { kind: 'scope-matrix', scope: 'agents:read', variant: 'without', held },
  });
  const lookup = ctxFor('getAgent', 'not-found', {
    evidence: { kind: 'scope-matrix', scope: 'agents:read', variant: 'only', held: ['agents:read'] },
  });
  const lists = (own: string[], other: string[]) =>
    ctxFor('listAgents', 'agents-page', { evidence: { kind: 'list-isolation', own, known: [], other, pages: 1, truncated: false } });
  const totals = (evidence: AggregateEvidence) =>
    ctxFor('getAccount', 'account', { evidence: { kind: 'aggregate-isolation', ...evidence } });
  const forbidden = exchange({ status: 403, body: problem(403, 'INSUFFICIENT_SCOPE') });
  const notFound = exchange({ status: 404, body: problem(404, 'NOT_FOUND') });
  const ok = exchange({ status: 200, body: {} });
  // given: a verdict, its evidence and answer; want: passed, skipped, or the failure's words.
  const table: Array<[string, string, ReturnType<typeof ctxFor>, ReturnType<typeof exchange>, string]> = [
    ['refused', 'scope-matrix-refused', refusal, forbidden, 'passed'],
    ['let through', 'scope-matrix-refused', refusal, notFound, 'all but agents:read, was not refused'],
    ['admitted', 'scope-matrix-allowed', lookup, notFound, 'passed'],
    ['refused its own scope', 'scope-matrix-allowed', lookup, forbidden, 'holding only agents:read got 403 INSUFFICIENT_SCOPE'],
    ['no leak', 'list-isolation', lists(['agt_1'], ['agt_2']), ok, 'passed'],
    ['a leak', 'list-isolation', lists(['agt_1'], ['agt_1']), ok, 'lists 1 item(s) of this account: agt_1'],
    ['nothing to leak', 'list-isolation', lists([], ['agt_2']), ok, 'skipped'],
    ['unmoved', 'aggregate-isolation', totals({ before: { calls: 1 }, after: { calls: 1 } }), ok, 'passed'],
    ['moved', 'aggregate-isolation', totals({ before: { calls: 1 }, after: { calls: 2 } }), ok, '/calls: 1 → 2'],
    ['no snapshot', 'aggregate-isolation', totals({ missing: 'the snapshot of the discover phase did not run', after: {} }), ok, 'skipped'],
  ];
  it.each(table)('%s: %s', (_given, check, ctx, ex, want) => {
    const [result] = runChecks([check], ctx, ex);
    if (want === 'passed' || want === 'skipped') return expect(result.status, result.message).toBe(want);
    expect([result.status, result.message]).toEqual(['failed', expect.stringContaining(want)]);
  });
});
