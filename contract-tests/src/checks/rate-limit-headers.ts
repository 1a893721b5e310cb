import { RATE_LIMIT_HEADERS } from '../../../openapi/tools/contract-model.js';
import type { FailureInput } from '../types.js';
import { defineResponseCheck, hasResponse, na, res, when } from './define.js';
import { declaredHeaders, documentedResponse, parseStructured, serverNow, typedHeader } from './support.js';

// ARCHITECTURE.md §4: every response to a request attributed to a key (errors included, 401 excepted)
// carries both rate-limit header families, valid and telling the same story.
export const rateLimitHeaders = defineResponseCheck(
  'rate-limit-headers',
  'Rate-limit headers on authenticated responses',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    // Keys in the wrong place, or two different keys, leave the request attributed to no key.
    if (ex.credential.kind !== 'valid' || ['query', 'body', 'both'].includes(ex.credential.via))
      return na('the request is attributed to no key');
    if (r.status === 401) return na('401 is not attributed to a key');
    const declared = declaredHeaders(documentedResponse(ctx, r.status));
    if (!RATE_LIMIT_HEADERS.some((h) => declared.has(h))) return na(`status ${r.status} declares no rate-limit headers`);
    const out: FailureInput[] = [];
    for (const name of RATE_LIMIT_HEADERS) {
      const value = r.headers[name];
      if (value === undefined) {
        out.push({ message: `${name} is missing`, pointer: `/headers/${name}` });
        continue;
      }
      const schema = declared.get(name)?.schema;
      for (const e of ctx.validator.validate(schema, typedHeader(value, schema)))
        out.push({ message: `${name} ${JSON.stringify(value)} ${e.message}`, received: value, pointer: `/headers/${name}` });
    }
    if (out.length) return out;
    const limit = Number(r.headers['x-ratelimit-limit']);
    const remaining = Number(r.headers['x-ratelimit-remaining']);
    const reset = Number(r.headers['x-ratelimit-reset']);
    const policy = parseStructured(r.headers['ratelimit-policy']);
    const state = parseStructured(r.headers.ratelimit);
    if (remaining > limit)
      out.push({
        message: `X-RateLimit-Remaining ${remaining} exceeds X-RateLimit-Limit ${limit}`,
        pointer: '/headers/x-ratelimit-remaining',
      });
    if (policy && policy.params.q !== limit)
      out.push({ message: `RateLimit-Policy q=${policy.params.q} but X-RateLimit-Limit ${limit}`, pointer: '/headers/ratelimit-policy' });
    if (state && state.params.r !== remaining)
      out.push({ message: `RateLimit r=${state.params.r} but X-RateLimit-Remaining ${remaining}`, pointer: '/headers/ratelimit' });
    if (policy && state && policy.name !== state.name)
      out.push({ message: `RateLimit names policy "${state.name}", RateLimit-Policy "${policy.name}"`, pointer: '/headers/ratelimit' });
    if (ctx.profile === 'full' && policy) {
      // Reset is when the window frees a request: not in the past, not beyond one window ahead
      // (2 s of slack: Date is truncated to the second and Reset may be rounded up).
      const now = serverNow(r.headers);
      const window = policy.params.w ?? 0;
      if (reset < now - 2 || reset > now + window + 2)
        out.push({
          message: `X-RateLimit-Reset ${reset} is ${reset - now}s from the server's now; expected 0..${window}s`,
          received: reset,
          pointer: '/headers/x-ratelimit-reset',
        });
      if (state && (state.params.t > window || state.params.t < 0))
        out.push({ message: `RateLimit t=${state.params.t} is outside the ${window}s window`, pointer: '/headers/ratelimit' });
    }
    return out;
  }),
);
