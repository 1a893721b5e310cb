import { sameValue } from '../../../openapi/tools/example-replay.js';
import type { Exchange, FailureInput } from '../types.js';
import { defineCheck, evidenceOf, hasResponse, res, when } from './define.js';
import { isObject } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The first request under the Idempotency-Key a replay repeats. */
    'idempotent-first': { first: Exchange };
  }
}

/** The id an answer names, to show which resources two executions made. */
const idOf = (body: unknown) => (isObject(body) ? body.id : undefined);

// ARCHITECTURE.md §5: a retry with the same key and payload gets the original status and body back,
// marked Idempotent-Replayed: true; the original was not marked.
export const idempotentReplay = defineCheck(
  'idempotent-replay',
  'Replay returns the stored response',
  when(hasResponse, (ctx, ex) => {
    const first = evidenceOf(ctx, 'idempotent-first')?.first.response;
    if (!first) return { skip: 'the first request got no response' };
    const replay = res(ex);
    const out: FailureInput[] = [];
    if (first.headers['idempotent-replayed'] !== undefined)
      out.push({
        message: `the first execution is marked Idempotent-Replayed: ${first.headers['idempotent-replayed']}`,
        pointer: '/headers/idempotent-replayed',
      });
    if (replay.status !== first.status)
      out.push({
        message: `the replay answered ${replay.status}, the original ${first.status}`,
        documented: first.status,
        received: replay.status,
      });
    else if (!sameValue(first.json, replay.json))
      out.push({
        message: 'the replay body differs from the original (executed twice?)',
        documented: idOf(first.json),
        received: idOf(replay.json),
      });
    if (replay.headers['idempotent-replayed'] !== 'true')
      out.push({
        message: `the replay is not marked Idempotent-Replayed: true (received ${replay.headers['idempotent-replayed'] ?? 'no header'})`,
        pointer: '/headers/idempotent-replayed',
      });
    return out;
  }),
);
