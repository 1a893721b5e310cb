// ARCHITECTURE.md §6: stable values equal the example's, by the rules every replayer shares
// (openapi/tools/example-replay.ts, openapi/README.md "Example replay: what reproduces an example"):
// enums and consts, echoed input at any depth, canonical ids mapped to the server's, lists matched
// by id, date-times as instants; generated values are body-schema's. Problem bodies are error-code's
// and problem-details' concern. The check only judges: the runner learns ids as it captures answers.
import { documentedResponse, type Mismatch, stableMismatches } from '../../../openapi/tools/example-replay.js';
import { isOtherAccount } from '../client.js';
import type { CheckContext, Exchange, FailureInput } from '../types.js';
import { defineResponseCheck, hasJsonBody, na, res, statusIsExpected, when } from './define.js';

const failureOf = (m: Mismatch): FailureInput => ({
  message: m.message,
  documented: m.documented,
  received: m.received,
  pointer: m.pointer || '/',
});

/**
 * The ids the answer is compared with: the run's, on a copy (comparing learns). Canonical ids stand
 * for this account's resources: another account's answer is compared as one learning them afresh.
 */
const idsFor = (ctx: CheckContext, ex: Exchange) => (isOtherAccount(ex.credential) ? new Map<string, string>() : new Map(ctx.ids));

export const stableValues = defineResponseCheck(
  'stable-values',
  'Stable values equal the example',
  when(statusIsExpected, hasJsonBody, (ctx, ex) => {
    const { value, status, mediaType, probe } = ctx.expected;
    if (value === undefined) return na('the example has no value');
    if (/problem/.test(mediaType ?? '')) return na('problem bodies are compared by error-code');
    const documented = documentedResponse(ctx.operation.op, { status, mediaType: mediaType ?? 'application/json', value });
    const mismatches = stableMismatches(documented, res(ex).json, {
      spec: ctx.spec,
      ids: idsFor(ctx, ex),
      sent: { query: ctx.sent.query, body: ctx.sent.body },
      // A run may leave out (--only) or fail the cases that create an id: nothing to compare it with.
      partial: true,
      // A probe sends the example's request when it runs, not where the plan orders the example.
      probe: probe !== undefined,
    });
    return mismatches.map(failureOf);
  }),
);
