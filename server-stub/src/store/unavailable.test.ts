// Downstream faults through the whole stub (in process): a SQLite file another connection keeps
// write-locked is waited for up to busy_timeout, then answered 503 SERVICE_UNAVAILABLE with
// Retry-After — never a 500 — while reads go on; a Redis that stops mid-run turns every request
// that needs it into a 503 (never unlimited admission, never a crash), and the stub heals by itself
// within seconds of Redis coming back on the same port.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response as InjectResponse } from 'light-my-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStub, type Stub } from '../app.js';
import { memoryLogger } from '../log.js';
import { responseBreach } from '../pipeline/response-check.js';
import { recordFigures } from '../testing/figures.js';
import { type RedisServer, redisServerMissing, startRedisServer } from '../testing/redis.js';
import { ADMIN_KEY, bearer, testStub } from '../testing/stub.js';
import { openDatabase } from './db.js';
import { StoreUnavailable, serviceUnavailable, unavailableStore } from './unavailable.js';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'stub-unavailable-')), 'stub.sqlite');

/** A 503 as the spec documents it (ServiceUnavailable on every operation), for the operation `stub` routed it to. */
function expectUnavailable(res: InjectResponse, stub: Pick<Stub, 'operations'>, operationId: string): void {
  expect(res.statusCode).toBe(503);
  const op = stub.operations.find((o) => o.operationId === operationId)!;
  expect(responseBreach(op, 503, res.json())).toBeNull();
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.headers['retry-after']).toBe('1');
  expect(res.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', title: 'Service unavailable' });
  expect(res.json().request_id).toBe(res.headers['x-request-id']);
}

describe('unavailableStore', () => {
  it('recognises SQLite contention and StoreUnavailable, and nothing else', () => {
    const sqlite = (code: string) => Object.assign(new Error('database is locked'), { name: 'SqliteError', code });
    expect(unavailableStore(sqlite('SQLITE_BUSY'))?.store).toBe('sqlite');
    expect(unavailableStore(sqlite('SQLITE_BUSY_SNAPSHOT'))?.store).toBe('sqlite');
    expect(unavailableStore(sqlite('SQLITE_LOCKED'))?.store).toBe('sqlite');
    expect(unavailableStore(sqlite('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(unavailableStore(new StoreUnavailable('redis', 'down'))?.store).toBe('redis');
    expect(unavailableStore(new Error('SQLITE_BUSY'))).toBeUndefined();
    expect(serviceUnavailable()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', extra: { headers: { 'Retry-After': '1' } } });
  });
});

describe('a SQLite file another connection holds write-locked', () => {
  const BOUND_MS = 300;
  let stub: Stub;
  let db: string;
  const log = memoryLogger();
  beforeAll(async () => {
    db = tempDb();
    stub = await createStub({ config: { db, dbBusyTimeoutMs: BOUND_MS }, log });
  });
  afterAll(async () => stub?.close());

  const createKey = (idempotencyKey?: string) =>
    stub.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: {
        ...bearer(ADMIN_KEY),
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      payload: { name: 'while locked', scopes: ['account:read'] },
    });

  it('waits up to busy_timeout, then answers writes 503 with Retry-After; reads go on; the same writes succeed once it is free', async () => {
    const other = openDatabase(db);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const started = performance.now();
      const write = await createKey();
      const waited = performance.now() - started;
      expectUnavailable(write, stub, 'createApiKey');
      expect(waited).toBeGreaterThanOrEqual(BOUND_MS * 0.9); // retried within the bound, not refused at once
      const idempotent = await createKey('k-locked');
      expectUnavailable(idempotent, stub, 'createApiKey');
      const read = await stub.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) });
      expect(read.statusCode).toBe(200); // WAL: readers never wait for the writer
      console.log(`locked SQLite: write answered 503 after ${Math.round(waited)} ms (busy_timeout ${BOUND_MS} ms); read 200`);
      recordFigures({
        scenario: 'SQLite write lock held elsewhere',
        requests: 3,
        statuses: { '503': 2, '200': 1 },
        unexpected5xx: 0,
        crashes: 0,
        note: `writes answered 503 SERVICE_UNAVAILABLE after ${Math.round(waited)} ms of retrying (bound ${BOUND_MS} ms); reads 200`,
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(log.lines.filter((l) => l.msg === 'unexpected error')).toEqual([]);
    expect(log.lines.some((l) => l.msg === 'store unavailable' && l.store === 'sqlite')).toBe(true);

    expect((await createKey()).statusCode).toBe(201);
    const first = await createKey('k-locked'); // the refused attempt left no claim behind
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect((await createKey('k-locked')).headers['idempotent-replayed']).toBe('true');
  });
});

describe.skipIf(redisServerMissing)(`Redis stopped mid-run${redisServerMissing ? ` (skipped: ${redisServerMissing})` : ''}`, () => {
  let server: RedisServer;
  let stub: Awaited<ReturnType<typeof testStub>>;
  const log = memoryLogger();
  beforeAll(async () => {
    server = await startRedisServer();
    stub = await testStub({ config: { redisUrl: server.url, limitStore: 'redis' }, log });
  });
  afterAll(async () => {
    await stub?.close();
    await server?.stop();
  });

  const account = () => stub.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) });

  it('answers 503 while Redis is down (no request admitted unlimited) and recovers by itself when it is back', async () => {
    expect((await account()).statusCode).toBe(200);

    await server.stop();
    const during = await Promise.all(Array.from({ length: 20 }, account));
    for (const res of during) {
      expectUnavailable(res, stub, 'getAccount');
      expect(res.headers['x-ratelimit-remaining']).toBeUndefined(); // no limit state to report
    }
    const idempotent = await stub.inject({
      method: 'POST',
      url: '/v1/calls',
      headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json', 'idempotency-key': 'k-outage' },
      payload: { agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6', to: '+14155550123' },
    });
    expectUnavailable(idempotent, stub, 'triggerCall');

    await server.start();
    const back = performance.now();
    let status = 0;
    let refusedAfterRestart = 0;
    while (performance.now() - back < 10_000) {
      status = (await account()).statusCode;
      if (status === 200) break;
      expect(status).toBe(503);
      refusedAfterRestart++;
      await new Promise((r) => setTimeout(r, 50));
    }
    const recoveryMs = Math.round(performance.now() - back);
    console.log(
      `Redis outage: 20/20 requests 503 while down; first 200 ${recoveryMs} ms after redis-server was back (${refusedAfterRestart} more 503s meanwhile)`,
    );
    recordFigures({
      scenario: 'Redis stopped, 1 process',
      requests: 20 + refusedAfterRestart + 1,
      statuses: { '503': 20 + refusedAfterRestart, [String(status)]: 1 },
      unexpected5xx: 0,
      crashes: 0,
      recoveryMs,
    });
    expect(status).toBe(200);
    expect(recoveryMs).toBeLessThan(5_000);
    expect(log.lines.filter((l) => l.msg === 'unexpected error')).toEqual([]);
    expect(log.lines.filter((l) => l.msg === 'redis unavailable')).toHaveLength(1);
  });
});
