// The shared Redis connection against a real redis-server: scripts (and their reload after a server
// forgot them), bugs stay bugs, and an outage — every command fails fast as StoreUnavailable, no
// 'error' event escapes to crash the process, one log line per outage — healed by itself once the
// server is back on the same port.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.js';
import { freePort, type RedisServer, redisServerMissing, startRedisServer } from '../testing/redis.js';
import { connectRedis, luaScript, type RedisConnection, redactRedisUrl } from './redis.js';
import { StoreUnavailable } from './unavailable.js';

const INCR = luaScript("return redis.call('INCR', KEYS[1])");
const BROKEN = luaScript("return redis.call('NO_SUCH_COMMAND')");

describe('redactRedisUrl', () => {
  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['redis://:s3cret@cache:6379/1', 'redis://:***@cache:6379/1'],
    ['rediss://user:s3cret@cache:6380', 'rediss://user:***@cache:6380'],
    ['not a url :s3cret@', '(unparsable URL)'],
  ])('%s → %s', (given, want) => expect(redactRedisUrl(given)).toBe(want));
});

describe.skipIf(redisServerMissing)(
  `RedisConnection against redis-server${redisServerMissing ? ` (skipped: ${redisServerMissing})` : ''}`,
  () => {
    let server: RedisServer;
    let redis: RedisConnection;
    const log = memoryLogger();
    beforeAll(async () => {
      server = await startRedisServer();
      redis = connectRedis(server.url, { log });
      await redis.ready(5_000);
    });
    afterAll(async () => {
      await redis?.close();
      await server?.stop();
    });

    it('runs a script, and loads it again after the server forgot it (NOSCRIPT)', async () => {
      expect(await redis.run(INCR, ['n'], [])).toBe(1);
      const admin = new Redis(server.url);
      await admin.script('FLUSH');
      await admin.quit();
      expect(await redis.run(INCR, ['n'], [])).toBe(2);
    });

    it('rejects a script error as the bug it is, not as an outage', async () => {
      const err = await redis.run(BROKEN, [], []).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(StoreUnavailable);
    });

    it('fails fast while the server is down and heals by itself when it is back', async () => {
      await server.stop();
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const err = await redis.run(INCR, ['n'], []).catch((e: unknown) => e);
        const ms = performance.now() - started;
        expect(err).toBeInstanceOf(StoreUnavailable);
        expect((err as StoreUnavailable).store).toBe('redis');
        expect(ms).toBeLessThan(1_500); // never waits for a connection that is not there
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(log.lines.filter((l) => l.msg === 'redis unavailable')).toHaveLength(1);

      await server.start();
      const back = performance.now();
      let value: unknown;
      while (performance.now() - back < 10_000) {
        value = await redis.run(INCR, ['n'], []).catch((e: unknown) => e);
        if (!(value instanceof Error)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const recoveryMs = Math.round(performance.now() - back);
      console.log(`redis connection: commands succeed ${recoveryMs} ms after redis-server is back`);
      expect(value).toBe(1); // a fresh, empty server
      expect(recoveryMs).toBeLessThan(5_000);
      expect(log.lines.filter((l) => l.msg === 'redis available again')).toHaveLength(1);
    });

    it('gives up waiting at start-up with one readable reason', async () => {
      const port = await freePort();
      const nowhere = connectRedis(`redis://:hunter2@127.0.0.1:${port}`);
      const err = await nowhere.ready(400).catch((e: unknown) => e);
      await nowhere.close();
      expect((err as Error).message).toMatch(
        new RegExp(`^cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} within 400 ms \\(.*ECONNREFUSED`),
      );
      expect((err as Error).message).not.toContain('hunter2');
    });
  },
);
