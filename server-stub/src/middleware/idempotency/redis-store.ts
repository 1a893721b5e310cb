// Idempotency records in Redis, shared by every stub process using the same server: one hash per
// (account, key) with the request's fingerprint, its claim time and, once answered, the response.
// `begin` is one Lua script, so of N concurrent duplicates from any processes exactly one claims the
// key; the stale rules (in-flight lease, 24 h replay) are SqliteIdempotencyStore's, on the caller's
// clock (isStale in store.ts, restated in Lua). Redis expires each record 24 h (ttlMs) after it was
// claimed or answered.
import { luaScript, type RedisConnection } from '../../store/redis.js';
import {
  type BeginResult,
  DEFAULT_TIMES,
  type IdempotencyRecord,
  type IdempotencyStore,
  type IdempotencyTimes,
  type StoredResponse,
} from './store.js';

// KEYS[1]: the record. ARGV: fingerprint, now, leaseMs, ttlMs. Returns {1} when claimed, else
// {0, fingerprint, status|nil, response|nil, created_at} of the live record that holds the key.
const BEGIN = luaScript(`
local rec = redis.call('HMGET', KEYS[1], 'fp', 'status', 'response', 'created')
local now = tonumber(ARGV[2])
if rec[1] then
  local hold = rec[2] and tonumber(ARGV[4]) or tonumber(ARGV[3])
  if now - tonumber(rec[4]) < hold then return { 0, rec[1], rec[2], rec[3], rec[4] } end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'created', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return { 1 }
`);

// KEYS[1]: the record. ARGV: status, response JSON, ttlMs. Only an in-flight claim takes a response.
const COMPLETE = luaScript(`
if redis.call('HEXISTS', KEYS[1], 'fp') == 1 and redis.call('HEXISTS', KEYS[1], 'status') == 0 then
  redis.call('HSET', KEYS[1], 'status', ARGV[1], 'response', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
`);

// KEYS[1]: the record. Frees an in-flight claim; an answered record stays.
const RELEASE = luaScript(`
if redis.call('HEXISTS', KEYS[1], 'fp') == 1 and redis.call('HEXISTS', KEYS[1], 'status') == 0 then
  redis.call('DEL', KEYS[1])
end
return 1
`);

export class RedisIdempotencyStore implements IdempotencyStore {
  /** `prefix` namespaces the keys (tests give each store its own). */
  constructor(
    private readonly redis: RedisConnection,
    private readonly times: IdempotencyTimes = DEFAULT_TIMES,
    private readonly prefix = 'parley:idem:',
  ) {}

  // The Idempotency-Key is client text (1–255 characters); the account id never contains a newline.
  private key(accountId: string, key: string): string {
    return `${this.prefix}${accountId}\n${key}`;
  }

  async begin(accountId: string, key: string, fingerprint: string, now: number): Promise<BeginResult> {
    const reply = await this.redis.run(BEGIN, [this.key(accountId, key)], [fingerprint, now, this.times.leaseMs, this.times.ttlMs]);
    if (!Array.isArray(reply) || (reply[0] !== 1 && reply.length !== 5)) throw new Error('redis idempotency script: unexpected reply');
    if (reply[0] === 1) return { claimed: true };
    const [, print, status, response, createdAt] = reply as [number, string, string | null, string | null, string];
    const record: IdempotencyRecord = {
      fingerprint: print,
      response:
        status === null || response === null
          ? null
          : { status: Number(status), ...(JSON.parse(response) as Omit<StoredResponse, 'status'>) },
      createdAt: Number(createdAt),
    };
    return { claimed: false, record };
  }

  async complete(accountId: string, key: string, response: StoredResponse): Promise<void> {
    const json = JSON.stringify({ body: response.body, headers: response.headers });
    await this.redis.run(COMPLETE, [this.key(accountId, key)], [response.status, json, this.times.ttlMs]);
  }

  async release(accountId: string, key: string): Promise<void> {
    await this.redis.run(RELEASE, [this.key(accountId, key)], []);
  }

  /** The connection belongs to the stub (shared with the limit store); it closes it. */
  async close(): Promise<void> {}
}
