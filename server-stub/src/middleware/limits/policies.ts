// Rate-limit policies (ARCHITECTURE.md §4) as the contract model reads them from the spec (the
// registry, and the policies each operation names). Turns a request into the windows it counts
// against, and a store result into the headers every authenticated response carries.
import { RATE_LIMIT_HEADER_NAMES, type RateLimitPolicy } from '../../../../openapi/tools/contract-model.js';
import { ApiError } from '../../http/problem.js';
import type { HitResult, LimitCheck } from './store.js';

export interface Policy {
  name: string;
  limit: number;
  windowS: number;
  windowMs: number;
  /** api-key | source-ip | account | <thing> (counted per the `<thing>_id` path parameter). */
  per: string;
  /** Precomputed `RateLimit-Policy` value. */
  header: string;
}

/** Every declared policy, limits multiplied by `scale` (STUB_LIMIT_SCALE). */
export function compilePolicies(declared: Iterable<RateLimitPolicy>, scale: number): Map<string, Policy> {
  const out = new Map<string, Policy>();
  for (const { name, limit: base, windowSeconds, per } of declared) {
    const limit = Math.max(1, Math.round(base * scale));
    const header = `"${name}";q=${limit};w=${windowSeconds}`;
    out.set(name, { name, limit, windowS: windowSeconds, windowMs: windowSeconds * 1000, per, header });
  }
  return out;
}

export interface Subject {
  keyId: string;
  accountId: string;
  clientIp: string;
  params: Record<string, string | undefined>;
}

/** The windows one request counts against, one per policy of its operation. */
export function checksFor(policies: readonly Policy[], who: Subject): LimitCheck[] {
  const out: LimitCheck[] = new Array(policies.length);
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i];
    let subject: string;
    if (p.per === 'api-key') subject = who.keyId;
    else if (p.per === 'source-ip') subject = who.clientIp;
    else if (p.per === 'account') subject = who.accountId;
    else subject = `${who.accountId}/${who.params[`${p.per.replace(/-/g, '_')}_id`] ?? ''}`;
    out[i] = { key: `${p.name}|${subject}`, limit: p.limit, windowMs: p.windowMs };
  }
  return out;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Index of the policy to report: the one closest to exhaustion (ties: the later reset). */
function closest(result: HitResult): number {
  let best = 0;
  for (let i = 1; i < result.states.length; i++) {
    const s = result.states[i];
    const b = result.states[best];
    if (s.remaining < b.remaining || (s.remaining === b.remaining && s.resetAt > b.resetAt)) best = i;
  }
  return best;
}

const [LIMIT, REMAINING, RESET, POLICY, STATE] = RATE_LIMIT_HEADER_NAMES;

/** X-RateLimit-* and the IETF RateLimit/RateLimit-Policy fields (the model's list), written into `headers`. */
export function writeRateLimitHeaders(
  headers: Record<string, string | number>,
  policies: readonly Policy[],
  result: HitResult,
  now: number,
): void {
  if (policies.length === 0) return;
  const i = closest(result);
  const p = policies[i];
  const s = result.states[i];
  headers[LIMIT] = p.limit;
  headers[REMAINING] = s.remaining;
  headers[RESET] = Math.ceil(s.resetAt / 1000);
  headers[POLICY] = p.header;
  headers[STATE] = `"${p.name}";r=${s.remaining};t=${seconds(s.resetAt - now)}`;
}

const PER_TEXT: Record<string, string> = { 'api-key': 'this key', 'source-ip': 'this source IP address', account: 'this account' };

/** The 429 for a refused hit; Retry-After waits for the LAST exhausted window to free a request. */
export function rateLimited(policies: readonly Policy[], result: HitResult, now: number): ApiError {
  let worst = -1;
  result.states.forEach((s, i) => {
    if (s.remaining <= 0 && (worst === -1 || s.resetAt > result.states[worst].resetAt)) worst = i;
  });
  const p = policies[worst];
  const wait = seconds(result.states[worst].resetAt - now);
  return new ApiError(
    'RATE_LIMITED',
    `Rate limit of ${p.limit} requests per ${p.windowS} seconds exceeded for ${PER_TEXT[p.per] ?? `this ${p.per}`}.`,
    {
      headers: { 'Retry-After': String(wait) },
    },
  );
}
