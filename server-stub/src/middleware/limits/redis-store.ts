// Rate-limit windows in Redis, shared by every stub process (and host) using the same server. One
// sorted set per window (score: the hit's time), and one Lua script per request that evicts, counts,
// decides and records across all of the request's windows: Redis runs a script atomically, so the
// all-or-none rule and N+k → exactly N hold across processes (ARCHITECTURE.md §4). Same sliding
// window, `remaining` and `resetAt` as MemoryLimitStore; times are the caller's clock.
import { randomBytes } from 'node:crypto';
import { luaScript, type RedisArg, type RedisConnection } from '../../store/redis.js';
import type { HitResult, LimitCheck, LimitStore, WindowState } from './store.js';

// KEYS: one sorted set per window. ARGV: now, a member id unique to this hit ('' to peek: record
// nothing), how many of the windows (the first ones) a hit records in (the rest are guards: checked,
// never recorded), then per window its limit and length (ms). Returns allowed (1/0), then per
// window remaining and resetAt.
// A key expires one window after its last recorded hit, when none of its hits can count any more.
const HIT = luaScript(`
local now = tonumber(ARGV[1])
local member = ARGV[2]
local recorded = tonumber(ARGV[3])
local counts = {}
local allowed = 1
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 + 2 * i])
  local window = tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  counts[i] = redis.call('ZCARD', KEYS[i])
  if counts[i] >= limit then allowed = 0 end
end
local out = { allowed }
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 + 2 * i])
  local window = tonumber(ARGV[3 + 2 * i])
  local n = counts[i]
  if allowed == 1 and member ~= '' and i <= recorded then
    redis.call('ZADD', KEYS[i], now, member)
    redis.call('PEXPIRE', KEYS[i], window)
    n = n + 1
  end
  local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
  out[#out + 1] = limit - n
  -- A hit another caller stamped later than this caller's now counts as made now (see resetAt in store.ts).
  out[#out + 1] = math.min(oldest[2] and tonumber(oldest[2]) or now, now) + window
end
return out
`);

export class RedisLimitStore implements LimitStore {
  private seq = 0;
  private readonly tag = randomBytes(6).toString('base64url');

  /** `prefix` namespaces the keys (tests give each store its own). */
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix = 'parley:rl:',
  ) {}

  async hit(checks: readonly LimitCheck[], now: number, guards: readonly LimitCheck[] = []): Promise<HitResult> {
    // Members must differ between hits at the same millisecond, from any process.
    const all = guards.length ? [...checks, ...guards] : checks;
    return this.run(all, now, `${Math.trunc(now)}:${this.tag}:${++this.seq}`, checks.length);
  }

  async peek(checks: readonly LimitCheck[], now: number): Promise<HitResult> {
    return this.run(checks, now, '', 0);
  }

  private async run(checks: readonly LimitCheck[], now: number, member: string, recorded: number): Promise<HitResult> {
    const keys = checks.map((c) => this.prefix + c.key);
    const args: RedisArg[] = [Math.trunc(now), member, recorded];
    for (const c of checks) args.push(c.limit, c.windowMs);
    const reply = await this.redis.run(HIT, keys, args);
    if (!Array.isArray(reply) || reply.length !== 1 + 2 * checks.length) throw new Error('redis limit script: unexpected reply');
    const states: WindowState[] = checks.map((_, i) => ({ remaining: Number(reply[1 + 2 * i]), resetAt: Number(reply[2 + 2 * i]) }));
    return { allowed: reply[0] === 1, states };
  }

  /** The connection belongs to the stub (shared with the idempotency store); it closes it. */
  async close(): Promise<void> {}
}
