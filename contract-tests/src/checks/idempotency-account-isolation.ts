import type { Exchange } from '../types.js';
import { defineCheck, evidenceOf, hasResponse, res, when } from './define.js';
import { isObject } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** This account's request under the Idempotency-Key the other account then reuses. */
    'idempotent-other-account': { ours: Exchange };
  }
}

// ARCHITECTURE.md §5: Idempotency-Keys are per account: another account's identical key and payload
// execute afresh and never see this account's response.
export const idempotencyAccountIsolation = defineCheck(
  'idempotency-account-isolation',
  'Idempotency keys are per account',
  when(hasResponse, (ctx, ex) => {
    const ours = evidenceOf(ctx, 'idempotent-other-account')?.ours.response;
    if (!ours) return { skip: "this account's request got no response" };
    const theirs = res(ex);
    const replayed = theirs.headers['idempotent-replayed'] === 'true';
    const idOf = (body: unknown) => (isObject(body) ? body.id : undefined);
    const sameId = idOf(theirs.json) !== undefined && idOf(theirs.json) === idOf(ours.json);
    return replayed || sameId
      ? [
          {
            message: `the other account got this account's stored response (${replayed ? 'Idempotent-Replayed: true' : `same id ${idOf(ours.json)}`})`,
          },
        ]
      : [];
  }),
);
