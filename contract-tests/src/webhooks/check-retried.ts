// A delivery the receiver did not accept is tried again on the schedule, as the same message: the
// retry carries the same `webhook-id`, a timestamp no earlier than the first attempt's, and a valid
// signature. When no retry arrives within the wait, the server's own delivery log decides between
// "slower than this run waits" (skipped, with when it is due) and "never retried" (failed).
import { WEBHOOK_HEADERS } from '../../../openapi/tools/contract-model.js';
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { EvidenceKinds, FailureInput, Json } from '../types.js';
import type { Delivery } from './delivery.js';
import { describeDelivery, seconds, webhookIdOf } from './support.js';
import { deliveryHeaders, verifySignature } from './verify.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /**
     * The event's deliveries to an endpoint that answered the first one `firstStatus`, in the order
     * received, and the server's log of the event's attempts (read after the wait).
     */
    'webhook-retry': {
      event: string;
      secret: string;
      firstStatus: number;
      arrived: Delivery[];
      waitedMs: number;
      maxWaitMs: number;
      /** The documented delay before attempt 2, in seconds. */
      firstDelaySeconds?: number;
      log?: Json[];
      logError?: string;
    };
  }
}

const attemptNo = (a: Json) => (typeof a.attempt === 'number' ? a.attempt : 0);

export const webhookRetried = defineCheck('webhook-retried', 'A failed delivery is retried as the same message', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-retry');
  if (!e) return { skip: 'no retry evidence' };
  const [first, second] = e.arrived;
  if (!first) return { skip: `the first ${e.event} attempt did not arrive (see webhook-delivered)` };
  if (!second) return noRetry(e, first);
  const out: FailureInput[] = [];
  const [a, b] = [deliveryHeaders(first), deliveryHeaders(second)];
  if (a.id !== b.id)
    out.push({
      message: `the retry ${describeDelivery(second)} carries another ${WEBHOOK_HEADERS.id} than the attempt it repeats ${describeDelivery(first)}: a receiver de-duplicating on it would process the event twice`,
      documented: a.id,
      received: b.id,
    });
  if (a.timestamp !== undefined && b.timestamp !== undefined && b.timestamp < a.timestamp)
    out.push({
      message: `the retry's ${WEBHOOK_HEADERS.timestamp} ${b.timestamp} is earlier than the first attempt's ${a.timestamp}`,
      documented: `>= ${a.timestamp}`,
      received: b.timestamp,
    });
  // A signature broken on every attempt is webhook-signature-valid's verdict; here only a retry signed worse than its first attempt.
  const retrySigned = verifySignature(e.secret, second);
  if (!retrySigned.ok && verifySignature(e.secret, first).ok)
    out.push({ message: `the retry ${describeDelivery(second)} does not verify although the first attempt did: ${retrySigned.reason}` });
  return out;
});

function noRetry(e: EvidenceKinds['webhook-retry'], first: Delivery) {
  const waited = `no second ${e.event} attempt reached the endpoint within ${seconds(e.waitedMs)} of the first (answered ${first.answeredStatus})`;
  if (!e.log) return { skip: `${waited}, and the delivery log does not say whether one is due${e.logError ? ` (${e.logError})` : ''}` };
  const mine = e.log.filter((a) => a.event_id === webhookIdOf(first)).sort((x, y) => attemptNo(x) - attemptNo(y));
  const later = mine.find((a) => attemptNo(a) >= 2 && a.status !== 'pending');
  if (later)
    return [
      {
        message: `${waited}, yet the server's log lists attempt ${later.attempt} as ${later.status}${later.response_status ? ` (${later.response_status})` : ''}: the retry never reached the receiver`,
      },
    ];
  const one = mine.find((a) => attemptNo(a) === 1);
  const due = typeof one?.next_attempt_at === 'string' ? Date.parse(one.next_attempt_at) : Number.NaN;
  if (!Number.isNaN(due)) {
    if (due - first.receivedAt > e.maxWaitMs)
      return {
        skip: `the server's first retry is due ${seconds(due - first.receivedAt)} after the failed attempt (${one?.next_attempt_at}): slower than the ${seconds(e.maxWaitMs)} this run waits`,
      };
    return [{ message: `${waited}, although the server's log had the retry due at ${one?.next_attempt_at}` }];
  }
  const documented = e.firstDelaySeconds === undefined ? '' : ` (the documented schedule retries after ${e.firstDelaySeconds} s)`;
  if (one && one.status === 'failed')
    return [{ message: `the server does not retry: attempt 1 is logged failed with no next attempt${documented}` }];
  return { skip: `${waited}; the log shows attempt 1 ${one ? `as ${one.status}` : 'not at all'}, so whether a retry is due is unknown` };
}
