// Rate-limit windows in the stub's SQLite file: the state survives a restart and is shared by
// every process using the same file (BEGIN IMMEDIATE serialises them). Slower than memory; for
// several processes on one host without Redis (redis-store.ts).
import type { Db } from '../../store/db.js';
import { type HitResult, type LimitCheck, type LimitStore, resetAt, type WindowState } from './store.js';

export class SqliteLimitStore implements LimitStore {
  private readonly run: (checks: readonly LimitCheck[], now: number, guards: readonly LimitCheck[]) => HitResult;
  /** A peek reads the live hits only: no eviction, no write lock (it runs before every key is checked). */
  private readonly live;
  private hits = 0;

  constructor(db: Db) {
    const evict = db.prepare('DELETE FROM rate_limit_hits WHERE key = ? AND at <= ?');
    const state = db.prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_limit_hits WHERE key = ?');
    const insert = db.prepare('INSERT INTO rate_limit_hits (key, at) VALUES (?, ?)');
    const sweep = db.prepare('DELETE FROM rate_limit_hits WHERE at <= ?');
    this.live = db.prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_limit_hits WHERE key = ? AND at > ?');
    const live = this.live;
    const tx = db.transaction((checks: readonly LimitCheck[], now: number, guards: readonly LimitCheck[]): HitResult => {
      if (++this.hits % 10_000 === 0) sweep.run(now - 3_600_000);
      const counts = checks.map((c) => {
        evict.run(c.key, now - c.windowMs);
        return state.get(c.key) as { n: number; oldest: number | null };
      });
      const guarded = guards.map((c) => live.get(c.key, now - c.windowMs) as { n: number; oldest: number | null });
      const allowed = counts.every((s, i) => s.n < checks[i].limit) && guarded.every((s, i) => s.n < guards[i].limit);
      const states: WindowState[] = checks.map((c, i) => {
        let { n, oldest } = counts[i];
        if (allowed) {
          insert.run(c.key, now);
          n++;
          oldest ??= now;
        }
        return { remaining: c.limit - n, resetAt: resetAt(oldest, now, c.windowMs) };
      });
      guards.forEach((c, i) => {
        states.push({ remaining: c.limit - guarded[i].n, resetAt: resetAt(guarded[i].oldest, now, c.windowMs) });
      });
      return { allowed, states };
    });
    this.run = (checks, now, guards) => tx.immediate(checks, now, guards);
  }

  async hit(checks: readonly LimitCheck[], now: number, guards: readonly LimitCheck[] = []): Promise<HitResult> {
    return this.run(checks, now, guards);
  }

  hitNow(checks: readonly LimitCheck[], now: number, guards: readonly LimitCheck[] = []): HitResult {
    return this.run(checks, now, guards);
  }

  async peek(checks: readonly LimitCheck[], now: number): Promise<HitResult> {
    return this.peekNow(checks, now);
  }

  peekNow(checks: readonly LimitCheck[], now: number): HitResult {
    const states: WindowState[] = checks.map((c) => {
      const { n, oldest } = this.live.get(c.key, now - c.windowMs) as { n: number; oldest: number | null };
      return { remaining: c.limit - n, resetAt: resetAt(oldest, now, c.windowMs) };
    });
    return { allowed: states.every((s) => s.remaining > 0), states };
  }

  async close(): Promise<void> {}
}
