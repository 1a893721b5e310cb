import type { Exchange } from '../types.js';
import { defineCheck, hasResponse, res, when } from './define.js';

// ARCHITECTURE.md §5: Idempotency-Keys are per account: another account's identical key and payload
// execute afresh and never see this account's response.
export const idempotencyAccountIsolation = defineCheck(
  'idempotency-account-isolation',
  'Idempotency keys are per account',
  when(hasResponse, (ctx, ex) => {
    const ours = (ctx.related.ours as Exchange | undefined)?.response;
    if (!ours) return { skip: "this account's request got no response" };
    const theirs = res(ex);
    const replayed = theirs.headers['idempotent-replayed'] === 'true';
    const sameId = (theirs.json as any)?.id !== undefined && (theirs.json as any)?.id === (ours.json as any)?.id;
    return replayed || sameId
      ? [
          {
            message: `the other account got this account's stored response (${replayed ? 'Idempotent-Replayed: true' : `same id ${(ours.json as any)?.id}`})`,
          },
        ]
      : [];
  }),
);
