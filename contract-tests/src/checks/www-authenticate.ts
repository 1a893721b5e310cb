import type { FailureInput } from '../types.js';
import { defineResponseCheck, evidenceOf, hasResponse, na, res, when } from './define.js';
import { declaredHeaders, documentedResponse, problemCode } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The scopes the key lacked, when a probe knows them better than the operation's own scope. */
    'missing-scopes': { scopes: string[] };
  }
}

// RFC 6750 §3 challenges (ARCHITECTURE.md §2): no error when no credentials were sent, invalid_token for a
// bad key, insufficient_scope naming the scope when the key lacks it.
export const wwwAuthenticate = defineResponseCheck(
  'www-authenticate',
  'WWW-Authenticate challenge on 401/403',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    if (r.status !== 401 && r.status !== 403) return na('not a 401 or 403');
    const declared = declaredHeaders(documentedResponse(ctx, r.status)).get('www-authenticate');
    const value = r.headers['www-authenticate'];
    if (value === undefined)
      return declared?.required || r.status === 401
        ? [{ message: `WWW-Authenticate is missing on a ${r.status}`, pointer: '/headers/www-authenticate' }]
        : [];
    const out: FailureInput[] = [];
    for (const e of ctx.validator.validate(declared?.schema ?? {}, value))
      out.push({
        message: `WWW-Authenticate ${JSON.stringify(value)} ${e.message}`,
        received: value,
        pointer: '/headers/www-authenticate',
      });
    const error = /error="([^"]*)"/.exec(value)?.[1];
    const cred = ex.credential;
    if (ctx.profile === 'mock') return out;
    if (r.status === 401 && cred.via === 'none' && error !== undefined) {
      out.push({
        message: `no credentials were sent, so the challenge must carry no error (RFC 6750 §3.1); received error="${error}"`,
        received: value,
        pointer: '/headers/www-authenticate',
      });
    }
    if (r.status === 401 && ['malformed', 'unknown', 'revoked', 'expired'].includes(cred.kind) && error !== 'invalid_token') {
      out.push({
        message: `a ${cred.kind} key needs error="invalid_token"; received ${JSON.stringify(value)}`,
        documented: 'invalid_token',
        received: error,
        pointer: '/headers/www-authenticate',
      });
    }
    if (r.status === 403 && problemCode(r.json) === 'INSUFFICIENT_SCOPE') {
      const scope = /scope="([^"]*)"/.exec(value)?.[1];
      const wanted = evidenceOf(ctx, 'missing-scopes')?.scopes ?? ctx.operation.scopes;
      if (error !== 'insufficient_scope')
        out.push({
          message: `INSUFFICIENT_SCOPE needs error="insufficient_scope"; received ${JSON.stringify(value)}`,
          received: value,
          pointer: '/headers/www-authenticate',
        });
      else if (!scope || !wanted.some((s) => scope.split(' ').includes(s)))
        out.push({
          message: `the challenge must name the missing scope (${wanted.join(' ')}); received scope=${JSON.stringify(scope)}`,
          documented: wanted,
          received: scope,
          pointer: '/headers/www-authenticate',
        });
    }
    return out;
  }),
);
