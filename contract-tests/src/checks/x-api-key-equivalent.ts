import type { Exchange } from '../types.js';
import { defineCheck, evidenceOf, hasResponse, res, when } from './define.js';
import { describeReceived, problemCode } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The same request with the same key as a Bearer token. */
    'x-api-key': { bearer: Exchange };
  }
}

// X-API-Key is equivalent to Bearer in every respect: same status, same error code.
export const xApiKeyEquivalent = defineCheck(
  'x-api-key-equivalent',
  'X-API-Key behaves as Bearer',
  when(hasResponse, (ctx, ex) => {
    const bearer = evidenceOf(ctx, 'x-api-key')?.bearer;
    if (!bearer?.response) return { skip: 'the Bearer request got no response' };
    const a = bearer.response;
    const b = res(ex);
    if (a.status === b.status && problemCode(a.json) === problemCode(b.json)) return [];
    return [
      {
        message: `Bearer got ${describeReceived(a.status, a.json)}, X-API-Key got ${describeReceived(b.status, b.json)}`,
        documented: a.status,
        received: b.status,
      },
    ];
  }),
);
