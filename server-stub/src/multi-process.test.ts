// Several stub processes, one contract (ARCHITECTURE.md §4, §5): a real redis-server and a real
// `npm run stub -- --workers 3` (three processes behind one port, sharing the SQLite file and
// Redis), driven with parallel requests that land on all three. Rate limits, the active-calls limit
// and idempotency hold exactly across processes; a revoked key is refused by every process at once;
// a Redis outage is 503s (never unlimited, no worker dies) and heals by itself. Figures are printed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_KEY } from './config.js';
import { secretHasher } from './middleware/auth/secrets.js';
import { ApiKeyStore, type Scope } from './store/api-keys.js';
import { type Db, openDatabase } from './store/db.js';
import { keyPepper } from './store/settings.js';
import { countStatuses, recordFigures } from './testing/figures.js';
import { type RedisServer, redisServerMissing, startRedisServer } from './testing/redis.js';
import { ACCOUNT } from './testing/stub.js';
import { runStubProcess, type StubProcess, startStubProcess } from './testing/stub-process.js';

const WORKERS = 3;

describe('refusing workers that would not share state', () => {
  const tempDb = () => join(mkdtempSync(join(tmpdir(), 'stub-multi-')), 'stub.sqlite');
  it.each<[string, number, Record<string, string>, string[], RegExp]>([
    [
      'per-process limit windows',
      2,
      { STUB_DB: tempDb() },
      ['--workers', '3'],
      /^stub: --workers 3 needs rate-limit windows the workers share/,
    ],
    [
      'a per-process database',
      2,
      { STUB_DB: ':memory:', STUB_LIMIT_STORE: 'sqlite', STUB_WORKERS: '2' },
      [],
      /^stub: STUB_WORKERS=2 needs a database file/,
    ],
    [
      'an unreachable Redis',
      1,
      { STUB_DB: tempDb(), STUB_REDIS_URL: 'redis://127.0.0.1:1' },
      ['--workers', '2'],
      /^stub: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 within/,
    ],
  ])('%s → exit %i with one line on stderr', async (_given, code, env, args, message) => {
    const r = await runStubProcess(env, args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

describe.skipIf(redisServerMissing)(
  `${WORKERS} stub workers sharing SQLite and Redis${redisServerMissing ? ` (skipped: ${redisServerMissing})` : ''}`,
  () => {
    let redis: RedisServer;
    let stub: StubProcess;
    let db: Db;
    let keys: ApiKeyStore;
    let pids: number[];

    beforeAll(async () => {
      redis = await startRedisServer();
      const file = join(mkdtempSync(join(tmpdir(), 'stub-multi-')), 'stub.sqlite');
      stub = await startStubProcess({ STUB_DB: file, STUB_REDIS_URL: redis.url }, ['--workers', String(WORKERS)]);
      pids = stub.lines('listening')[0].pids as number[];
      // A fourth connection to the shared file: keys minted here are seen by every worker.
      db = openDatabase(file);
      keys = new ApiKeyStore(db, secretHasher(keyPepper(db, undefined)));
    });

    afterAll(async () => {
      db?.close();
      if (stub) expect(await stub.stop()).toBe(0);
      await redis?.stop();
    });

    const mint = (scopes: Scope[]) => {
      const { key, secret } = keys.create(ACCOUNT, 'test', { name: 'multi-process', scopes }, new Date());
      return { id: key.id, secret };
    };

    async function send(
      secret: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<Answer> {
      const res = await fetch(`${stub.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
    }

    const parallel = (n: number, one: (i: number) => Promise<Answer>) => Promise.all(Array.from({ length: n }, (_, i) => one(i)));
    const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

    /** The worker pids whose request log lines name this key (lines are flushed once per event-loop turn). */
    async function servedBy(keyId: string): Promise<Set<number>> {
      await new Promise((r) => setTimeout(r, 300));
      return new Set(
        stub
          .lines('request')
          .filter((l) => l.key_id === keyId)
          .map((l) => Number(l.pid)),
      );
    }

    it('starts 3 workers behind one port', () => {
      expect(pids).toHaveLength(WORKERS);
      expect(new Set(pids).size).toBe(WORKERS);
    });

    it('admits exactly 100 of 300 parallel requests on a limit of 100; the other 200 are 429 with the limit headers', async () => {
      const key = mint(['account:read']);
      const started = Date.now();
      const answers = await parallel(300, () => send(key.secret, 'GET', '/v1/account'));
      const served = await servedBy(key.id);
      const admitted = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      console.log(`rate limit across ${served.size} processes: 300 parallel → ${admitted.length} × 200, ${refused.length} × 429`);
      recordFigures({
        scenario: `rate limit 100, ${served.size} processes`,
        requests: answers.length,
        statuses: countStatuses(answers.map((a) => a.status)),
        unexpected5xx: answers.filter((a) => a.status >= 500).length,
        crashes: 0,
        overAdmissions: Math.max(0, admitted.length - 100),
      });
      expect(served).toEqual(new Set(pids));
      expect(admitted).toHaveLength(100);
      expect(refused).toHaveLength(200);
      // Every admitted request saw its own place in the one shared window: 99 … 0, each once.
      expect(admitted.map((a) => Number(a.headers.get('x-ratelimit-remaining'))).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, i) => i),
      );
      for (const a of refused) {
        expect(a.headers.get('content-type')).toBe('application/problem+json');
        expect(a.body.code).toBe('RATE_LIMITED');
        const retryAfter = Number(a.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(a.headers.get('x-ratelimit-limit')).toBe('100');
        expect(a.headers.get('x-ratelimit-remaining')).toBe('0');
        const reset = Number(a.headers.get('x-ratelimit-reset'));
        expect(reset).toBeGreaterThanOrEqual(Math.floor(started / 1000) + 59);
        expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
        expect(a.headers.get('ratelimit-policy')).toBe('"default";q=100;w=60');
        expect(a.headers.get('ratelimit')).toBe(`"default";r=0;t=${retryAfter}`);
      }
    });

    it('admits exactly 5 of 30 parallel calls on the active-calls limit of 5', async () => {
      const admin = mint(['agents:write', 'account:read', 'calls:read']);
      const agent = await send(admin.secret, 'POST', '/v1/agents', { name: 'Multi-process caller', prompt: 'You place test calls.' });
      expect(agent.status).toBe(201);
      // Three keys, ten calls each: the per-key `calls` policy (10/min) admits all 30.
      const callers = [mint(['calls:write']), mint(['calls:write']), mint(['calls:write'])];
      const answers = await parallel(30, (i) =>
        send(callers[i % 3].secret, 'POST', '/v1/calls', { agent_id: agent.body.id, to: '+14155550123' }),
      );
      const served = new Set<number>();
      for (const c of callers) for (const pid of await servedBy(c.id)) served.add(pid);
      const limited = answers.filter((a) => a.status === 429);
      const account = await send(admin.secret, 'GET', '/v1/account');
      console.log(
        `active calls across ${served.size} processes: 30 parallel → ${count(answers, 201)} × 201, ${limited.length} × 429, ` +
          `${answers.length - count(answers, 201) - limited.length} other; account active_calls ${account.body.active_calls}`,
      );
      recordFigures({
        scenario: `active calls 5, ${served.size} processes`,
        requests: answers.length,
        statuses: countStatuses(answers.map((a) => a.status)),
        unexpected5xx: answers.filter((a) => a.status >= 500).length,
        crashes: 0,
        overAdmissions: Math.max(0, count(answers, 201) - 5),
      });
      expect(served.size).toBeGreaterThanOrEqual(2);
      expect(count(answers, 201)).toBe(5);
      expect(limited).toHaveLength(25);
      for (const a of limited) {
        expect(a.body.code).toBe('CONCURRENCY_LIMIT');
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      expect(account.body.active_calls).toBe(5);
      const calls = await send(admin.secret, 'GET', '/v1/calls?limit=100');
      expect((calls.body.data as unknown[]).length).toBe(5);
    });

    it('runs 50 parallel idempotent duplicates exactly once; the rest replay or are 409 in progress', async () => {
      const sender = mint(['messages:send', 'messages:read']);
      const nonce = `multi-process ${Date.now()}`;
      const answers = await parallel(50, () =>
        send(sender.secret, 'POST', '/v1/messages', { to: '+14155550123', body: nonce }, { 'idempotency-key': 'k-multi' }),
      );
      const served = await servedBy(sender.id);
      const firsts = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null);
      const replays = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === 'true');
      const inFlight = answers.filter((a) => a.status === 409);
      const list = await send(sender.secret, 'GET', '/v1/messages?limit=100');
      const created = (list.body.data as Array<{ body: string }>).filter((m) => m.body === nonce);
      console.log(
        `idempotency across ${served.size} processes: 50 parallel duplicates → ${firsts.length} executed, ${replays.length} replayed, ` +
          `${inFlight.length} × 409 in progress, ${answers.length - firsts.length - replays.length - inFlight.length} other; messages created: ${created.length}`,
      );
      recordFigures({
        scenario: `idempotent duplicates, ${served.size} processes`,
        requests: answers.length,
        statuses: countStatuses(answers.map((a) => (a.headers.get('idempotent-replayed') ? `${a.status} replayed` : a.status))),
        unexpected5xx: answers.filter((a) => a.status >= 500).length,
        crashes: 0,
        overAdmissions: Math.max(0, created.length - 1),
        note: `${created.length} message created by 50 duplicates`,
      });
      expect(served.size).toBeGreaterThanOrEqual(2);
      expect(firsts).toHaveLength(1);
      expect(replays.length + inFlight.length).toBe(49);
      for (const a of replays) expect(a.body.id).toBe(firsts[0].body.id);
      for (const a of inFlight) expect(a.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(created).toHaveLength(1);
    });

    it('refuses a revoked key in every process at once (each caches keys, and checks the shared version first)', async () => {
      const doomed = mint(['account:read']);
      // Every worker has it cached before the revocation.
      const before = await parallel(30, () => send(doomed.secret, 'GET', '/v1/account'));
      expect(before.map((a) => a.status)).toEqual(Array(30).fill(200));
      expect(await servedBy(doomed.id)).toEqual(new Set(pids));
      expect((await send(DEFAULT_ADMIN_KEY, 'DELETE', `/v1/api-keys/${doomed.id}`)).status).toBe(200);
      const after = await parallel(30, () => send(doomed.secret, 'GET', '/v1/account'));
      expect(after.map((a) => a.status)).toEqual(Array(30).fill(401));
    });

    it('answers 503 in every worker while Redis is down, and every worker recovers by itself', async () => {
      const key = mint(['account:read']);
      await redis.stop();
      const during = await parallel(30, () => send(key.secret, 'GET', '/v1/account'));
      const served = await servedBy(key.id);
      for (const a of during) {
        expect(a.status).toBe(503);
        expect(a.headers.get('content-type')).toBe('application/problem+json');
        expect(a.body.code).toBe('SERVICE_UNAVAILABLE');
        expect(a.headers.get('retry-after')).toBe('1');
      }
      for (const pid of pids) expect(() => process.kill(pid, 0)).not.toThrow(); // no worker crashed

      await redis.start();
      const back = Date.now();
      let firstOk = -1;
      let allOk = -1;
      while (Date.now() - back < 15_000 && allOk < 0) {
        const probe = await parallel(9, () => send(key.secret, 'GET', '/v1/account'));
        if (firstOk < 0 && probe.some((a) => a.status === 200)) firstOk = Date.now() - back;
        if (probe.every((a) => a.status === 200)) allOk = Date.now() - back;
        else await new Promise((r) => setTimeout(r, 50));
      }
      console.log(
        `Redis outage across ${served.size} processes: 30/30 → 503 while down; after restart first 200 in ${firstOk} ms, all workers 200 in ${allOk} ms`,
      );
      recordFigures({
        scenario: `Redis stopped, ${WORKERS} processes`,
        requests: 30,
        statuses: { '503': 30 },
        unexpected5xx: 0,
        crashes: stub.lines('worker exited').length,
        recoveryMs: allOk,
        note: `first 200 ${firstOk} ms after redis-server was back; every worker ${allOk} ms`,
      });
      expect(firstOk).toBeGreaterThanOrEqual(0);
      expect(allOk).toBeGreaterThanOrEqual(0);
      expect(allOk).toBeLessThan(5_000);
      expect(stub.lines('worker exited')).toEqual([]);
      expect(stub.lines('unexpected error')).toEqual([]);
    });
  },
);
