// Sliding-window rate-limit state behind one small async interface (ARCHITECTURE.md §4, §7): memory here,
// SQLite in sqlite-store.ts, Redis in redis-store.ts. `hit` checks every window of a request and records the
// request in all of them, or in none, as one atomic step: N+k concurrent requests on a limit of N
// admit exactly N.

export interface LimitCheck {
  /** Which window: policy name + what it counts per (key id, call id, source IP …). */
  key: string;
  limit: number;
  windowMs: number;
}

export interface WindowState {
  /** Requests left in the window after this one. */
  remaining: number;
  /** Epoch ms at which the window frees its oldest request (now + window when empty). */
  resetAt: number;
}

export interface HitResult {
  /** False when any window was full; then nothing was recorded. */
  allowed: boolean;
  /** One per check, same order. */
  states: WindowState[];
}

/**
 * When a window frees its oldest request, as seen by a caller whose clock read `now`. Callers read the
 * clock before the store decides, so another process (or host) may have recorded a hit stamped later
 * than this caller's `now`; such a hit counts as made at `now`, so no reset is ever more than one window
 * away (Retry-After ≤ the window, whatever the interleaving).
 */
export function resetAt(oldest: number | null | undefined, now: number, windowMs: number): number {
  return (oldest == null || oldest > now ? now : oldest) + windowMs;
}

export interface LimitStore {
  /**
   * `guards`: windows that must have room too but record nothing (the refused-keys window of the
   * caller's address, checked in the same step: one round trip to a shared store, not two). Their
   * states follow the checks' in `states`; a guard is full when its `remaining` is 0 or less.
   */
  hit(checks: readonly LimitCheck[], now: number, guards?: readonly LimitCheck[]): Promise<HitResult>;
  /** The windows' state as `hit` would see it, recording nothing (`allowed`: every window has room). */
  peek(checks: readonly LimitCheck[], now: number): Promise<HitResult>;
  /** `hit` and `peek` answered at once, by a store whose windows are in this process or its SQLite file. */
  hitNow?(checks: readonly LimitCheck[], now: number, guards?: readonly LimitCheck[]): HitResult;
  peekNow?(checks: readonly LimitCheck[], now: number): HitResult;
  close(): Promise<void>;
}

/** One window: the timestamps of its requests in a ring buffer sized to the limit (no growth). */
class Window {
  readonly times: Float64Array;
  head = 0;
  size = 0;
  constructor(readonly limit: number) {
    this.times = new Float64Array(limit);
  }

  evict(cutoff: number): void {
    while (this.size > 0 && this.times[this.head] <= cutoff) {
      this.head = (this.head + 1) % this.limit;
      this.size--;
    }
  }

  push(at: number): void {
    this.times[(this.head + this.size) % this.limit] = at;
    this.size++;
  }

  newest(): number {
    return this.size === 0 ? -Infinity : this.times[(this.head + this.size - 1) % this.limit];
  }
}

export class MemoryLimitStore implements LimitStore {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  async hit(checks: readonly LimitCheck[], now: number, guards?: readonly LimitCheck[]): Promise<HitResult> {
    return this.hitNow(checks, now, guards);
  }

  async peek(checks: readonly LimitCheck[], now: number): Promise<HitResult> {
    return this.hitSync(checks, now, 0);
  }

  hitNow(checks: readonly LimitCheck[], now: number, guards?: readonly LimitCheck[]): HitResult {
    return this.hitSync(guards?.length ? [...checks, ...guards] : checks, now, checks.length);
  }

  peekNow(checks: readonly LimitCheck[], now: number): HitResult {
    return this.hitSync(checks, now, 0);
  }

  /** Synchronous core: nothing can interleave between the checks and the records. Records in the first `record` windows. */
  hitSync(checks: readonly LimitCheck[], now: number, record = checks.length): HitResult {
    if (now >= this.nextSweep) this.sweep(now);
    const windows: Window[] = new Array(checks.length);
    let allowed = true;
    for (let i = 0; i < checks.length; i++) {
      const c = checks[i];
      let w = this.windows.get(c.key);
      if (!w || w.limit !== c.limit) {
        w = new Window(c.limit);
        this.windows.set(c.key, w);
      }
      w.evict(now - c.windowMs);
      if (w.size >= c.limit) allowed = false;
      windows[i] = w;
    }
    const states: WindowState[] = new Array(checks.length);
    for (let i = 0; i < checks.length; i++) {
      const w = windows[i];
      // Async callers can arrive out of clock order; the ring stays sorted so eviction stays exact.
      if (allowed && i < record) w.push(Math.max(now, w.newest()));
      states[i] = {
        remaining: checks[i].limit - w.size,
        resetAt: resetAt(w.size > 0 ? w.times[w.head] : null, now, checks[i].windowMs),
      };
    }
    return { allowed, states };
  }

  /** Drops windows idle for an hour, once a minute, so memory follows the active keys. */
  private sweep(now: number): void {
    this.nextSweep = now + 60_000;
    for (const [key, w] of this.windows) if (w.newest() <= now - 3_600_000) this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
