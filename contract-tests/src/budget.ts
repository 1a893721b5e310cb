// A client-side mirror of the per-key rate limits (the contract model's policies counted per
// `api-key`), so requests are spread over keys and the runner never trips a limit it is not
// testing. Limits start as the spec declares them and follow what the server announces
// (RateLimit-Policy), so a server with scaled limits needs fewer keys and one with tighter limits
// is still respected.
import type { RateLimitPolicy } from '../../openapi/tools/contract-model.js';
import { memo } from './memo.js';

/** Share of a limit the runner allows itself: headroom for clock skew and other clients. */
const SHARE = 0.8;

export interface PolicyLimit {
  limit: number;
  window: number;
}

/** A policy as the budget counts it: `limit` requests per `window` seconds, per key when `per` is `api-key`. */
export interface BudgetPolicy extends PolicyLimit {
  per: string;
}

export class RateBudget {
  private readonly limits = new Map<string, PolicyLimit>();
  /** key label → policy → send times (ms). */
  private readonly sent = new Map<string, Map<string, number[]>>();

  constructor(policies: Readonly<Record<string, BudgetPolicy>>) {
    for (const [name, p] of Object.entries(policies)) {
      if (p.per === 'api-key' && p.limit > 0 && p.window > 0) this.limits.set(name, { limit: p.limit, window: p.window });
    }
  }

  /** The budget of the contract model's policies. */
  static of(policies: Iterable<RateLimitPolicy>): RateBudget {
    return new RateBudget(Object.fromEntries([...policies].map((p) => [p.name, { limit: p.limit, window: p.windowSeconds, per: p.per }])));
  }

  /** The per-key policies among an operation's. */
  keyPolicies(names: readonly string[]): string[] {
    return names.filter((n) => this.limits.has(n));
  }

  /** Requests the key may still send on every policy named (0 when one is used up). */
  headroom(key: string, policies: readonly string[], now = Date.now()): number {
    let min = Infinity;
    for (const name of policies) {
      const p = this.limits.get(name)!;
      const times = this.times(key, name, now);
      min = Math.min(min, Math.max(1, Math.floor(p.limit * SHARE)) - times.length);
    }
    return min;
  }

  record(key: string, policies: readonly string[], now = Date.now()): void {
    for (const name of policies) this.times(key, name, now).push(now);
  }

  /** Milliseconds until the key has room again on all policies named. */
  waitFor(key: string, policies: readonly string[], now = Date.now()): number {
    let wait = 0;
    for (const name of policies) {
      const p = this.limits.get(name)!;
      const times = this.times(key, name, now);
      const allowed = Math.max(1, Math.floor(p.limit * SHARE));
      if (times.length >= allowed) wait = Math.max(wait, times[times.length - allowed] + p.window * 1000 - now);
    }
    return wait;
  }

  /** Learns the server's real numbers from a `RateLimit-Policy: "name";q=…;w=…` header. */
  observe(header: string | undefined): void {
    const m = /^"([^"]+)";q=(\d+);w=(\d+)$/.exec((header ?? '').trim());
    if (!m || !this.limits.has(m[1])) return;
    const [limit, window] = [Number(m[2]), Number(m[3])];
    if (limit > 0 && window > 0) this.limits.set(m[1], { limit, window });
  }

  limitOf(policy: string): PolicyLimit | undefined {
    return this.limits.get(policy);
  }

  /** How many keys a load needs: requests per policy spread at the allowed share of each limit. */
  keysFor(load: Map<string, number>): number {
    let keys = 1;
    for (const [name, count] of load) {
      const p = this.limits.get(name);
      if (p) keys = Math.max(keys, Math.ceil(count / Math.max(1, Math.floor(p.limit * SHARE))));
    }
    return keys;
  }

  private times(key: string, policy: string, now: number): number[] {
    const byPolicy = memo(this.sent, key, () => new Map<string, number[]>());
    const window = (this.limits.get(policy)?.window ?? 60) * 1000;
    const kept = (byPolicy.get(policy) ?? []).filter((t) => t > now - window);
    byPolicy.set(policy, kept);
    return kept;
  }
}
