// The one Redis connection a stub process shares between its Redis stores (rate-limit windows,
// idempotency records). Tuned to fail fast and heal by itself: while Redis is away every command
// rejects at once (no offline queue, no resend) and the stores turn that into StoreUnavailable, so
// requests get 503 + Retry-After instead of waiting, crashing the process or going unlimited; the
// client reconnects every half second, and the first command after Redis is back succeeds.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from '../log.js';
import { StoreUnavailable } from './unavailable.js';

/** A Lua script run by EVALSHA, with its source for the first run on a server (NOSCRIPT). */
export interface LuaScript {
  lua: string;
  sha: string;
}

export const luaScript = (lua: string): LuaScript => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });

export type RedisArg = string | number;

export interface RedisConnection {
  /** Runs `script` atomically on the server; rejects with StoreUnavailable while Redis is unreachable. */
  run(script: LuaScript, keys: readonly string[], args: readonly RedisArg[]): Promise<unknown>;
  /** Resolves once connected; rejects after `timeoutMs` with the last connection error. */
  ready(timeoutMs: number): Promise<void>;
  /** The URL without its password, for logs and messages. */
  readonly where: string;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  log?: Logger;
  /** A command (including one sent to a silently dead server) fails after this long. */
  commandTimeoutMs?: number;
  /** Delay between reconnection attempts while Redis is away. */
  reconnectMs?: number;
}

/** `redis://user:secret@host:6379/0` → `redis://user:***@host:6379/0`: never log a password. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

// Errors Redis itself answers while it cannot serve (still loading, a script running too long, a
// replica that lost its primary, out of memory): the server is there but unavailable, not wrong.
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|READONLY|CLUSTERDOWN|OOM)\b/;

const isReplyError = (err: unknown): err is Error => err instanceof Error && err.name === 'ReplyError';

/** StoreUnavailable for connection trouble and transient replies; other reply errors are bugs (500). */
function classify(err: unknown): unknown {
  if (isReplyError(err) && !TRANSIENT_REPLY.test(err.message)) return err;
  return new StoreUnavailable('redis', `redis: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export function connectRedis(url: string, options: RedisConnectionOptions = {}): RedisConnection {
  const where = redactRedisUrl(url);
  const reconnectMs = options.reconnectMs ?? 500;
  // Loaded here, not at the top: ioredis is ~28 MiB of a process, which a stub without Redis never pays.
  const { Redis } = createRequire(import.meta.url)('ioredis') as { Redis: typeof RedisClient };
  const client = new Redis(url, {
    // Fail fast: nothing waits for a connection that is not there…
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 1_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    // …and heal by itself: keep reconnecting at a short, fixed pace for as long as it takes.
    retryStrategy: (times) => Math.min(100 * times, reconnectMs),
    connectionName: `parley-stub-${process.pid}`,
  });

  let lastError = '';
  let up = false;
  let everUp = false;
  // An 'error' event without a listener would crash the process: log each outage once instead.
  client.on('error', (err: Error) => {
    lastError = err.message;
    if (up) options.log?.error('redis unavailable', { redis: where, error: err.message });
    up = false;
  });
  client.on('close', () => {
    if (up) options.log?.error('redis unavailable', { redis: where, error: 'connection closed' });
    up = false;
  });
  client.on('ready', () => {
    if (everUp && !up) options.log?.info('redis available again', { redis: where });
    up = true;
    everUp = true;
  });

  async function run(script: LuaScript, keys: readonly string[], args: readonly RedisArg[]): Promise<unknown> {
    try {
      return await client.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(isReplyError(err) && err.message.startsWith('NOSCRIPT'))) throw classify(err);
    }
    try {
      return await client.eval(script.lua, keys.length, ...keys, ...args);
    } catch (err) {
      throw classify(err);
    }
  }

  function ready(timeoutMs: number): Promise<void> {
    if (client.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`cannot reach Redis at ${where} within ${timeoutMs} ms${lastError ? ` (${lastError})` : ''}`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  }

  async function close(): Promise<void> {
    up = false;
    try {
      await client.quit();
    } catch {
      client.disconnect();
    }
  }

  return { run, ready, where, close };
}
