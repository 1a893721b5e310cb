import { describe, expect, it } from 'vitest';
import { expectDocumented, thrown } from '../testing/assert.js';
import { example } from '../testing/examples.js';
import { input, storedCall, World } from '../testing/world.js';
import { analyticsHandlers as h, periodStarts, timestamp } from './analytics.js';
import type { StoredCall } from './call-lifecycle.js';

const NOW = new Date('2026-11-20T12:34:56Z');
const at = (iso: string) => Date.parse(iso);

describe('periodStarts', () => {
  // given: from, to, granularity; want: the period starts (UTC calendar, first clipped to from).
  const table: Array<{ given: [string, string, 'day' | 'week' | 'month']; want: string[] }> = [
    {
      given: ['2026-09-01T00:00:00Z', '2026-11-20T00:00:00Z', 'month'],
      want: ['2026-09-01T00:00:00Z', '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'],
    },
    { given: ['2026-09-15T06:00:00Z', '2026-10-01T00:00:00Z', 'month'], want: ['2026-09-15T06:00:00Z'] },
    { given: ['2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z', 'month'], want: ['2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z'] },
    // 2026-11-04 is a Wednesday; weeks start on Monday.
    {
      given: ['2026-11-04T10:00:00Z', '2026-11-20T00:00:00Z', 'week'],
      want: ['2026-11-04T10:00:00Z', '2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'],
    },
    { given: ['2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z', 'week'], want: ['2026-11-09T00:00:00Z'] },
    { given: ['2026-11-08T23:00:00Z', '2026-11-09T01:00:00Z', 'week'], want: ['2026-11-08T23:00:00Z', '2026-11-09T00:00:00Z'] },
    {
      given: ['2026-11-18T12:00:00Z', '2026-11-20T12:00:00Z', 'day'],
      want: ['2026-11-18T12:00:00Z', '2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z'],
    },
    { given: ['2026-11-20T00:00:00Z', '2026-11-20T00:00:01Z', 'day'], want: ['2026-11-20T00:00:00Z'] },
  ];
  it.each(table)('$given', ({ given: [from, to, granularity], want }) => {
    expect(periodStarts({ from: at(from), to: at(to), granularity }).map(timestamp)).toEqual(want);
  });
});

/** The by-month example of an analytics operation: its range, granularity and periods as documented. */
async function replaysByMonth(op: 'getCallAnalytics' | 'getCampaignAnalytics') {
  const ex = example(`${op}:by-month`);
  const res = await h[op](input({ query: ex.request.query }), new World().ctx({ now: NOW }));
  expect(res.status).toBe(ex.status);
  expect([res.body.object, res.body.from, res.body.to, res.body.granularity]).toEqual([
    ex.value.object,
    ex.value.from,
    ex.value.to,
    ex.value.granularity,
  ]);
  expect(res.body.series.map((p: { period_start: string }) => p.period_start)).toEqual(ex.value.series.map((p: any) => p.period_start));
  expectDocumented(op, res);
}

describe('getCallAnalytics', () => {
  it('replays by-month: the range and periods as requested', () => replaysByMonth('getCallAnalytics'));

  // given: query; want: from, to, granularity and number of periods as answered.
  const defaults: Array<{ given: object; want: [string, string, string, number] }> = [
    { given: {}, want: ['2026-10-21T12:34:56Z', '2026-11-20T12:34:56Z', 'day', 31] },
    { given: { granularity: 'week' }, want: ['2026-10-21T12:34:56Z', '2026-11-20T12:34:56Z', 'week', 5] },
    { given: { to: '2026-11-01T00:00:00Z', granularity: 'month' }, want: ['2026-10-02T00:00:00Z', '2026-11-01T00:00:00Z', 'month', 1] },
    { given: { from: '2026-11-20T00:00:00+02:00' }, want: ['2026-11-19T22:00:00Z', '2026-11-20T12:34:56Z', 'day', 2] },
    { given: { from: '2025-11-19T12:34:56Z' }, want: ['2025-11-19T12:34:56Z', '2026-11-20T12:34:56Z', 'day', 367] },
  ];
  it.each(defaults)('$given → $want', async ({ given, want }) => {
    const world = new World();
    const res = await h.getCallAnalytics(input({ query: given }), world.ctx({ now: NOW }));
    expect([res.body.from, res.body.to, res.body.granularity, res.body.series.length]).toEqual(want);
    expectDocumented('getCallAnalytics', res);
  });

  // given: a range that is not one; want: 422 on the field.
  const ranges: Array<{ given: object; want: string }> = [
    { given: { from: '2026-11-20T00:00:00Z', to: '2026-11-20T00:00:00Z' }, want: 'query.from' },
    { given: { from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' }, want: 'query.from' },
    { given: { from: '2026-12-01T00:00:00Z' }, want: 'query.from' },
    { given: { from: '2025-11-19T12:34:55Z' }, want: 'query.to' },
    { given: { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, want: 'query.to' },
  ];
  it.each(ranges)('$given → 422 on $want', async ({ given, want }) => {
    const world = new World();
    const err = await thrown(() => h.getCallAnalytics(input({ query: given }), world.ctx({ now: NOW })));
    expect([err.status, err.code, err.extra.errors?.[0].field]).toEqual([422, 'VALIDATION_ERROR', want]);
    const err2 = await thrown(() => h.getCampaignAnalytics(input({ query: given }), world.ctx({ now: NOW })));
    expect(err2.extra.errors?.[0].field).toBe(want);
  });

  it('aggregates the calls created in the range, by period', async () => {
    const world = new World();
    const other = world.addAccount();
    const calls: StoredCall[] = [
      storedCall('completed', { created_at: '2026-09-03T10:00:00Z', end_reason: 'completed', duration_seconds: 120 }),
      storedCall('completed', { created_at: '2026-09-30T23:59:59Z', end_reason: 'hangup', duration_seconds: 61 }),
      storedCall('failed', { created_at: '2026-10-01T00:00:00Z', end_reason: 'no_answer', duration_seconds: 0 }),
      storedCall('failed', { created_at: '2026-11-02T00:00:00Z', end_reason: 'busy', duration_seconds: null }),
      storedCall('in_progress', { created_at: '2026-11-19T00:00:00Z', _mode: 'live' }),
      storedCall('completed', { created_at: '2026-08-31T23:59:59Z', duration_seconds: 1000 }), // before the range
      storedCall('completed', { created_at: '2026-11-20T00:00:00Z', duration_seconds: 1000 }), // `to` is exclusive
    ];
    for (const c of calls) world.stores.resources.insert(world.accountId, 'call', c);
    world.stores.resources.insert(other, 'call', storedCall('completed', { created_at: '2026-10-05T00:00:00Z' }));
    const res = await h.getCallAnalytics(
      input({ query: { from: '2026-09-01T00:00:00Z', to: '2026-11-20T00:00:00Z', granularity: 'month' } }),
      world.ctx({ now: NOW }),
    );
    expect(res.body.totals).toEqual({
      calls: 5,
      completed: 2,
      failed: 2,
      answer_rate: 0.5,
      total_duration_seconds: 181,
      average_duration_seconds: 90.5,
      by_end_reason: { completed: 1, hangup: 1, busy: 1, no_answer: 1, failed: 0 },
    });
    expect(res.body.series).toEqual([
      { period_start: '2026-09-01T00:00:00Z', calls: 2, completed: 2, failed: 0, total_duration_seconds: 181 },
      { period_start: '2026-10-01T00:00:00Z', calls: 1, completed: 0, failed: 1, total_duration_seconds: 0 },
      { period_start: '2026-11-01T00:00:00Z', calls: 2, completed: 0, failed: 1, total_duration_seconds: 0 },
    ]);
    expectDocumented('getCallAnalytics', res);
  });

  // given: ended calls; want: answer rate and average talk time, rounded as documented.
  const rates: Array<{ given: Array<[string, number]>; want: [number, number] }> = [
    { given: [], want: [0, 0] },
    { given: [['failed', 0]], want: [0, 0] },
    {
      given: [
        ['completed', 10],
        ['completed', 11],
        ['failed', 0],
      ],
      want: [0.6667, 10.5],
    },
    {
      given: [
        ['completed', 100],
        ['completed', 100],
        ['completed', 101],
      ],
      want: [1, 100.3],
    },
  ];
  it.each(rates)('$given → answer rate and average $want', async ({ given, want }) => {
    const world = new World();
    for (const [status, seconds] of given) {
      world.stores.resources.insert(
        world.accountId,
        'call',
        storedCall(status as 'completed', { created_at: '2026-11-19T00:00:00Z', duration_seconds: seconds }),
      );
    }
    const res = await h.getCallAnalytics(input(), world.ctx({ now: NOW }));
    expect([res.body.totals.answer_rate, res.body.totals.average_duration_seconds]).toEqual(want);
  });

  it('counts a failing test call as failed, as a read would show it', async () => {
    const world = new World();
    world.stores.resources.insert(
      world.accountId,
      'call',
      storedCall('queued', { to: '+15005550009', created_at: '2026-11-19T00:00:00Z' }),
    );
    const res = await h.getCallAnalytics(input(), world.ctx({ now: NOW }));
    expect(res.body.totals).toMatchObject({ calls: 1, failed: 1, by_end_reason: { busy: 1 } });
  });
});

describe('getCampaignAnalytics', () => {
  it('replays by-month: the range and periods as requested', () => replaysByMonth('getCampaignAnalytics'));

  it('counts only calls placed by campaigns: campaigns and contacts distinct', async () => {
    const world = new World();
    const cmp = (n: number) => `cmp_${String(n).repeat(22)}`;
    const calls: StoredCall[] = [
      storedCall('completed', {
        created_at: '2026-11-02T09:00:00Z',
        to: '+14155550123',
        duration_seconds: 60,
        _campaign_id: cmp(1),
      } as Partial<StoredCall>),
      storedCall('failed', { created_at: '2026-11-02T10:00:00Z', to: '+14155550123', _campaign_id: cmp(1) } as Partial<StoredCall>),
      storedCall('completed', {
        created_at: '2026-11-10T09:00:00Z',
        to: '+14155550124',
        duration_seconds: 30,
        _campaign_id: cmp(2),
      } as Partial<StoredCall>),
      storedCall('in_progress', { created_at: '2026-11-10T10:00:00Z', to: '+14155550125', _campaign_id: cmp(1) } as Partial<StoredCall>),
      storedCall('completed', { created_at: '2026-11-10T11:00:00Z', to: '+14155550199', duration_seconds: 500 }), // placed directly
    ];
    for (const c of calls) world.stores.resources.insert(world.accountId, 'call', c);
    const res = await h.getCampaignAnalytics(
      input({ query: { from: '2026-11-01T00:00:00Z', to: '2026-11-20T00:00:00Z', granularity: 'week' } }),
      world.ctx({ now: NOW }),
    );
    expect(res.body.totals).toEqual({
      campaigns: 2,
      contacts_called: 3,
      calls: 4,
      completed: 2,
      failed: 1,
      answer_rate: 0.6667,
      total_duration_seconds: 90,
    });
    expect(res.body.series).toEqual([
      { period_start: '2026-11-01T00:00:00Z', campaigns: 0, contacts_called: 0, calls: 0, completed: 0, failed: 0 },
      { period_start: '2026-11-02T00:00:00Z', campaigns: 1, contacts_called: 1, calls: 2, completed: 1, failed: 1 },
      { period_start: '2026-11-09T00:00:00Z', campaigns: 2, contacts_called: 2, calls: 2, completed: 1, failed: 0 },
      { period_start: '2026-11-16T00:00:00Z', campaigns: 0, contacts_called: 0, calls: 0, completed: 0, failed: 0 },
    ]);
    expectDocumented('getCampaignAnalytics', res);
  });
});
