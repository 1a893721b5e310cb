// Idempotency-Key (ARCHITECTURE.md §5): the stores, then the contract through the pipeline — replay,
// 422 on a changed request, 409 while in flight, exactly one side effect for 20 parallel
// duplicates, per-account isolation, what is stored (2xx, handler 4xx) and what is not (5xx).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../http/problem.js';
import { openDatabase } from '../../store/db.js';
import { redisForTests, redisServerMissing } from '../../testing/redis.js';
import { ACCOUNT, ADMIN_KEY, bearer, OTHER_KEY, type TestStub, testStub } from '../../testing/stub.js';
import { fingerprint, stableJson } from './idempotency.js';
import { RedisIdempotencyStore } from './redis-store.js';
import { SqliteIdempotencyStore } from './sqlite-store.js';
import { type IdempotencyStore, MemoryIdempotencyStore } from './store.js';

const redis = redisForTests();
const times = { ttlMs: 1_000_000, leaseMs: 1_000 };
// Every store is held to the same cases; each Redis store gets its own key prefix.
const stores: Record<string, () => IdempotencyStore> = {
  memory: () => new MemoryIdempotencyStore(times),
  sqlite: () => new SqliteIdempotencyStore(openDatabase(':memory:'), times),
  ...(redisServerMissing ? {} : { redis: () => new RedisIdempotencyStore(redis.connection(), times, `test:${randomUUID()}:`) }),
};

if (redisServerMissing) {
  describe.skip(`redis IdempotencyStore (skipped: ${redisServerMissing})`, () => {
    it('runs the cases below against Redis', () => {});
  });
}

describe.each(Object.keys(stores))('%s IdempotencyStore', (name) => {
  it('claims once, answers the record to duplicates, and frees the key on release or expiry', async () => {
    const s = stores[name]();
    expect(await s.begin('acct_a', 'k', 'p1', 0)).toEqual({ claimed: true });
    expect(await s.begin('acct_a', 'k', 'p1', 10)).toEqual({ claimed: false, record: { fingerprint: 'p1', response: null, createdAt: 0 } });
    expect(await s.begin('acct_b', 'k', 'p1', 10)).toEqual({ claimed: true }); // another account
    await s.complete('acct_a', 'k', { status: 201, body: { id: 'x' }, headers: { 'X-A': '1' } });
    expect(await s.begin('acct_a', 'k', 'p2', 20)).toEqual({
      claimed: false,
      record: { fingerprint: 'p1', response: { status: 201, body: { id: 'x' }, headers: { 'X-A': '1' } }, createdAt: 0 },
    });
    expect((await s.begin('acct_a', 'k', 'p1', 1_000_000)).claimed).toBe(true); // 24 h (here: ttl) later
    await s.release('acct_a', 'k');
    expect((await s.begin('acct_a', 'k', 'p1', 1_000_001)).claimed).toBe(true);
    // An in-flight claim older than the lease is presumed dead (its process crashed).
    expect((await s.begin('acct_a', 'k', 'p1', 1_000_500)).claimed).toBe(false);
    expect((await s.begin('acct_a', 'k', 'p1', 1_001_001)).claimed).toBe(true);
  });

  it('lets exactly one of 20 concurrent begins claim a key', async () => {
    const s = stores[name]();
    const results = await Promise.all(Array.from({ length: 20 }, () => s.begin('acct_a', 'same', 'p', 0)));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
  });
});

describe('fingerprint', () => {
  it('ignores key order and whitespace, not values, paths or methods', () => {
    expect(stableJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const base = fingerprint('POST', '/v1/calls', { to: '+1', agent_id: 'a' });
    expect(fingerprint('POST', '/v1/calls', { agent_id: 'a', to: '+1' })).toBe(base);
    expect(fingerprint('POST', '/v1/calls', { agent_id: 'a', to: '+2' })).not.toBe(base);
    expect(fingerprint('POST', '/v1/messages', { agent_id: 'a', to: '+1' })).not.toBe(base);
  });
});

const pipelineStores = ['sqlite', ...(redisServerMissing ? [] : ['redis'])];
describe.each(pipelineStores)('Idempotency-Key through the pipeline (%s store)', (storeName) => {
  let stub: TestStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  const call = { agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', to: '+14155550123' };
  const callBody = (n: number) => ({
    id: `call_${String(n).padStart(22, '0')}`,
    object: 'call',
    direction: 'outbound',
    from: '+14155550100',
    to: '+14155550123',
    agent_id: call.agent_id,
    status: 'queued',
    end_reason: null,
    duration_seconds: null,
    answered_at: null,
    ended_at: null,
    metadata: {},
    created_at: '2026-11-20T09:30:00Z',
  });

  /** A triggerCall whose every execution is a counted side effect; slow enough to overlap. */
  async function callStub(options: { now?: () => number; db?: string; prefix?: string; fail?: () => ApiError | Error | undefined } = {}) {
    const effects: string[] = [];
    const s = await testStub({
      now: options.now,
      ...(storeName === 'redis'
        ? { idempotencyStore: new RedisIdempotencyStore(redis.connection(), undefined, options.prefix ?? `test:${randomUUID()}:`) }
        : {}),
      config: { limitScale: 100, ...(options.db ? { db: options.db } : {}) },
      override: {
        triggerCall: async (_input: any, ctx: any) => {
          effects.push(ctx.account.id);
          await new Promise((r) => setTimeout(r, 30));
          const failure = options.fail?.();
          if (failure) throw failure;
          return { status: 201, body: callBody(effects.length) };
        },
      },
    });
    const post = (key: string | undefined, body: unknown = call, secret = ADMIN_KEY, url = '/v1/calls') =>
      s.inject({
        method: 'POST',
        url,
        headers: { ...bearer(secret), 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        payload: body as any,
      });
    return { s, effects, post };
  }

  it('replays the first answer for the same key and request, with Idempotent-Replayed', async () => {
    const { s, effects, post } = await callStub();
    stub = s;
    const first = await post('k-1');
    const again = await post('k-1', { to: call.to, agent_id: call.agent_id }); // same payload, other key order
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(again.headers['x-ratelimit-remaining']).toBeDefined();
    expect(effects).toHaveLength(1);
  });

  it.each([
    ['another body', { ...call, to: '+14155550199' }, '/v1/calls'],
    ['another path', call, '/v1/messages'],
  ])('refuses the same key with %s (422 IDEMPOTENCY_KEY_REUSED)', async (_given, body, url) => {
    const { s, post } = await callStub();
    stub = s;
    await post('k-2');
    const reused = await post('k-2', url === '/v1/messages' ? { to: '+14155550123', body: 'hi' } : body, ADMIN_KEY, url);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('runs 20 parallel duplicates exactly once; the others get 409 IDEMPOTENCY_IN_PROGRESS', async () => {
    const { s, effects, post } = await callStub();
    stub = s;
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('k-parallel')));
    expect(effects).toHaveLength(1);
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((st) => st === 201)).toHaveLength(1);
    expect(statuses.filter((st) => st === 409)).toHaveLength(19);
    expect(responses.find((r) => r.statusCode === 409)!.json().code).toBe('IDEMPOTENCY_IN_PROGRESS');
    const replay = await post('k-parallel');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(effects).toHaveLength(1);
  });

  it('keeps keys per account', async () => {
    const { s, effects, post } = await callStub();
    stub = s;
    const mine = await post('shared-key');
    const theirs = await post('shared-key', call, OTHER_KEY);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    expect(effects).toHaveLength(2);
  });

  it('stores what the handler threw when it is a 4xx, not a 5xx or a crash', async () => {
    let next: ApiError | Error | undefined = new ApiError('NOT_FOUND', 'No agent agt_x exists in this account.');
    const { s, effects, post } = await callStub({ fail: () => next });
    stub = s;
    expect((await post('k-404')).statusCode).toBe(404);
    const replayed = await post('k-404');
    expect(replayed.statusCode).toBe(404);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.json().request_id).toBe(replayed.headers['x-request-id']);
    expect(effects).toHaveLength(1);

    next = new ApiError('UPSTREAM_ERROR', 'carrier down');
    expect((await post('k-502')).statusCode).toBe(502);
    next = new Error('crash');
    expect((await post('k-502')).statusCode).toBe(500);
    next = undefined;
    const retried = await post('k-502');
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(effects).toHaveLength(4);
  });

  it('runs every request without a key, and again after 24 hours with one', async () => {
    let now = Date.parse('2026-11-20T09:00:00Z');
    const { s, effects, post } = await callStub({ now: () => now });
    stub = s;
    await post(undefined);
    await post(undefined);
    expect(effects).toHaveLength(2);
    await post('k-day');
    now += 24 * 3_600_000 - 1;
    expect((await post('k-day')).headers['idempotent-replayed']).toBe('true');
    now += 1;
    expect((await post('k-day')).headers['idempotent-replayed']).toBeUndefined();
    expect(effects).toHaveLength(4);
  });

  it('replays after a restart on the same database file (and Redis)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'stub-idem-')), 'stub.sqlite');
    const prefix = `test:${randomUUID()}:`;
    const a = await callStub({ db, prefix });
    const first = await a.post('k-restart');
    await a.s.close();
    const b = await callStub({ db, prefix });
    stub = b.s;
    const again = await b.post('k-restart');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(b.effects).toHaveLength(0);
  });
});

describe('the handler and its key commit in one transaction', () => {
  let stub: TestStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  /** A synchronous createApiKey-like side effect: the handler writes one document, then may fail. */
  async function writingStub(options: { idempotencyStore?: IdempotencyStore; now?: () => number; failures?: Array<Error | undefined> }) {
    const failures = [...(options.failures ?? [])];
    const s = await testStub({
      now: options.now,
      config: { limitScale: 100 },
      ...(options.idempotencyStore ? { idempotencyStore: options.idempotencyStore } : {}),
      override: {
        triggerCall: (_input: any, ctx: any) => {
          const n = ctx.stores.resources.all(ctx.account.id, 'side-effect').length + 1;
          ctx.stores.resources.insert(ctx.account.id, 'side-effect', { id: `eff_${String(n).padStart(22, '0')}` });
          const failure = failures.shift();
          if (failure) throw failure;
          return { status: 201, body: { ...callBodyFor(n) } };
        },
      },
    });
    const post = (key: string) =>
      s.inject({
        method: 'POST',
        url: '/v1/calls',
        headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json', 'idempotency-key': key },
        payload: { agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', to: '+14155550123' },
      });
    const effects = () => s.stores.resources.all(ACCOUNT, 'side-effect').length;
    return { s, post, effects };
  }

  it('rolls back what a crashing handler wrote and frees the key: the retry applies it once', async () => {
    const { s, post, effects } = await writingStub({ failures: [new Error('crash after the write')] });
    stub = s;
    expect((await post('k-tx')).statusCode).toBe(500);
    expect(effects()).toBe(0);
    expect((await post('k-tx')).statusCode).toBe(201);
    expect((await post('k-tx')).headers['idempotent-replayed']).toBe('true');
    expect(effects()).toBe(1);
  });

  it('rolls back what a handler wrote before refusing with a 4xx, and replays the refusal', async () => {
    const { s, post, effects } = await writingStub({ failures: [new ApiError('CONFLICT', 'no')] });
    stub = s;
    expect((await post('k-4xx')).statusCode).toBe(409);
    expect(effects()).toBe(0);
    const again = await post('k-4xx');
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([409, 'true']);
  });

  it('replays from the durable record when the claim store lost the completion (a crash before its own update)', async () => {
    let now = Date.parse('2026-11-20T09:00:00Z');
    // Claims in memory whose completion never lands, as if the process died right after the commit.
    const forgetful = new (class extends MemoryIdempotencyStore {
      override async complete(): Promise<void> {}
    })({ ttlMs: 86_400_000, leaseMs: 60_000 });
    const { s, post, effects } = await writingStub({ idempotencyStore: forgetful, now: () => now });
    stub = s;
    const first = await post('k-lost');
    expect(first.statusCode).toBe(201);
    // The claim looks in flight until its lease ends …
    expect((await post('k-lost')).json().code).toBe('IDEMPOTENCY_IN_PROGRESS');
    now += 60_000;
    // … then the durable record answers: replayed, not run again.
    const again = await post('k-lost');
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.json()).toEqual(first.json());
    expect(effects()).toBe(1);
  });
});

function callBodyFor(n: number) {
  return {
    id: `call_${String(n).padStart(22, '0')}`,
    object: 'call',
    direction: 'outbound',
    from: '+14155550100',
    to: '+14155550123',
    agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6',
    status: 'queued',
    end_reason: null,
    duration_seconds: null,
    answered_at: null,
    ended_at: null,
    metadata: {},
    created_at: '2026-11-20T09:30:00Z',
  };
}
