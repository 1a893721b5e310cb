// The delivery log on a migrated in-memory database: the table and its indexes, the state
// transitions the dispatcher relies on (a claim happens once; a failure and its retry are written
// together or not at all), the due queue's order, and the endpoint's list (newest first, cursor,
// another account sees nothing).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/problem.js';
import { openDatabase } from '../store/db.js';
import { type NewAttempt, WebhookAttemptStore } from './attempt-store.js';

const base: NewAttempt = {
  accountId: 'acct_a',
  endpointId: 'whk_a',
  eventId: 'evt_1',
  eventType: 'call.completed',
  url: 'https://hooks.example.com/x',
  body: '{"id":"evt_1"}',
  attempt: 1,
  attemptInChain: 1,
  scheduledAt: 1_000,
  createdAt: 1_000,
};

const fresh = () => {
  const db = openDatabase(':memory:');
  return { db, store: new WebhookAttemptStore(db) };
};

describe('WebhookAttemptStore', () => {
  it('has its table, the two lookup indexes and a closed set of statuses (migration 3)', () => {
    const { db, store } = fresh();
    const indexColumns = (name: string) => (db.prepare(`PRAGMA index_info(${name})`).all() as { name: string }[]).map((c) => c.name);
    expect(indexColumns('webhook_attempts_due')).toEqual(['status', 'scheduled_at']);
    expect(indexColumns('webhook_attempts_by_endpoint')).toEqual(['account_id', 'endpoint_id', 'created_at']);
    const a = store.insert(base);
    expect(() => db.prepare(`UPDATE webhook_attempts SET status = 'lost' WHERE id = ?`).run(a.id)).toThrow(/CHECK constraint/);
  });

  it('records a pending attempt with a whatt_ id', () => {
    const { store } = fresh();
    const a = store.insert(base);
    expect(a.id).toMatch(/^whatt_[A-Za-z0-9]{22}$/);
    expect(a).toEqual({ ...base, id: a.id, status: 'pending', responseStatus: null, error: null, startedAt: null, finishedAt: null });
    expect(store.get('acct_a', a.id)).toEqual(a);
    expect(store.get('acct_b', a.id)).toBeUndefined();
    expect(store.byId(a.id)).toEqual(a);
  });

  it('claims a pending attempt exactly once, then finishes it once', () => {
    const { store } = fresh();
    const a = store.insert(base);
    expect(store.claim(a.id, 2_000)).toBe(true);
    expect(store.claim(a.id, 2_001)).toBe(false);
    expect(store.inFlight().map((x) => x.id)).toEqual([a.id]);
    expect(store.succeed(a.id, 204, 2_500)).toBe(true);
    expect(store.succeed(a.id, 204, 2_600)).toBe(false);
    expect(store.fail(a.id, { responseStatus: null, error: 'late' }, 2_700, { ...base, attempt: 2 })).toBeUndefined();
    expect(store.get('acct_a', a.id)).toMatchObject({
      status: 'succeeded',
      responseStatus: 204,
      error: null,
      startedAt: 2_000,
      finishedAt: 2_500,
    });
    expect(store.lastAttemptNumber('whk_a', 'evt_1')).toBe(1); // the refused fail inserted no retry
  });

  it('writes a failure and its retry together, and neither when the retry cannot be written', () => {
    const { store } = fresh();
    const a = store.insert(base);
    store.claim(a.id, 2_000);
    const next = store.fail(a.id, { responseStatus: 500, error: 'the receiver answered 500' }, 2_100, {
      ...base,
      attempt: 2,
      attemptInChain: 2,
      scheduledAt: 7_100,
      createdAt: 2_100,
    });
    expect(next).toMatchObject({ attempt: 2, status: 'pending', scheduledAt: 7_100, eventId: 'evt_1' });
    expect(store.get('acct_a', a.id)).toMatchObject({ status: 'failed', responseStatus: 500, finishedAt: 2_100 });

    store.claim(next!.id, 8_000);
    expect(() => store.fail(next!.id, { responseStatus: null, error: 'x' }, 8_100, { ...base, attempt: 0 })).toThrow(/CHECK constraint/);
    expect(store.get('acct_a', next!.id)?.status).toBe('in_flight'); // rolled back
    expect(store.lastAttemptNumber('whk_a', 'evt_1')).toBe(2);
  });

  it('hands out due attempts in scheduled order, and knows when the next one is due', () => {
    const { store } = fresh();
    expect(store.nextDueAt()).toBeUndefined();
    const late = store.insert({ ...base, scheduledAt: 3_000 });
    const early = store.insert({ ...base, scheduledAt: 1_000 });
    const middle = store.insert({ ...base, scheduledAt: 2_000 });
    const future = store.insert({ ...base, scheduledAt: 9_000 });
    expect(store.due(3_000, 10).map((a) => a.id)).toEqual([early.id, middle.id, late.id]);
    expect(store.due(3_000, 2).map((a) => a.id)).toEqual([early.id, middle.id]);
    store.claim(early.id, 3_000);
    expect(store.due(3_000, 10).map((a) => a.id)).toEqual([middle.id, late.id]);
    expect(store.nextDueAt()).toBe(2_000);
    store.claim(middle.id, 3_000);
    store.claim(late.id, 3_000);
    expect(store.nextDueAt()).toBe(future.scheduledAt);
  });

  it("lists an endpoint's attempts newest first, page by page, and only the caller's", () => {
    const { store } = fresh();
    const ids = [1, 2, 3, 4, 5].map((n) => store.insert({ ...base, attempt: n, createdAt: 1_000 + (n > 3 ? n : 0) }).id);
    store.insert({ ...base, endpointId: 'whk_b' });
    store.insert({ ...base, accountId: 'acct_b' });
    const newestFirst = [...ids].reverse();
    const first = store.list('acct_a', 'whk_a', { limit: 2 });
    expect(first.data.map((a) => a.id)).toEqual(newestFirst.slice(0, 2));
    expect(first).toMatchObject({ object: 'list', has_more: true, next_cursor: newestFirst[1] });
    const second = store.list('acct_a', 'whk_a', { limit: 2, startingAfter: first.next_cursor! });
    expect(second.data.map((a) => a.id)).toEqual(newestFirst.slice(2, 4)); // same created_at: insertion order breaks the tie
    const third = store.list('acct_a', 'whk_a', { limit: 2, startingAfter: second.next_cursor! });
    expect(third).toMatchObject({ has_more: false, next_cursor: null });
    expect(third.data.map((a) => a.id)).toEqual(newestFirst.slice(4));
    expect(store.list('acct_a', 'whk_a').data).toHaveLength(5);
    expect(store.list('acct_c', 'whk_a').data).toEqual([]);
  });

  it.each([
    [{ limit: 0 }, 'query.limit'],
    [{ limit: 101 }, 'query.limit'],
    [{ limit: 1.5 }, 'query.limit'],
    [{ startingAfter: 'whatt_nope' }, 'query.starting_after'],
  ])('refuses the list options %j with a 422 naming %s', (options, field) => {
    const { store } = fresh();
    const other = store.insert({ ...base, accountId: 'acct_b' });
    const call = () => store.list('acct_a', 'whk_a', options);
    expect(call).toThrow(ApiError);
    try {
      call();
    } catch (err) {
      expect((err as ApiError).extra.errors?.[0].field).toBe(field);
    }
    // Another account's attempt is not a cursor of this list either.
    expect(() => store.list('acct_a', 'whk_a', { startingAfter: other.id })).toThrow(ApiError);
  });
});
