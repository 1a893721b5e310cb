// The server's delivery log (listWebhookDeliveries, filtered by the event's id) tells what the
// receiver saw: each attempt that arrived is listed under its number with the event's id and type,
// `succeeded` when the receiver answered 2xx, else `failed` with the status it answered.
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { FailureInput, Json } from '../types.js';
import type { Delivery } from './delivery.js';
import { describeDelivery } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The attempts of one event that reached the receiver, in order, and the log's page of that event. */
    'webhook-log': { event: string; eventId: string; arrived: Delivery[]; listed?: Json[]; error?: string };
  }
}

const is2xx = (s: number) => s >= 200 && s < 300;

export const webhookLogAgrees = defineCheck('webhook-log-agrees', 'The delivery log lists what arrived', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-log');
  if (!e) return { skip: 'no delivery-log evidence' };
  if (!e.arrived.length) return { skip: 'no delivery arrived (see webhook-delivered)' };
  if (!e.listed) return [{ message: `the delivery log of ${e.eventId} could not be read: ${e.error}` }];
  const out: FailureInput[] = [];
  e.arrived.forEach((d, i) => {
    const n = i + 1;
    const a = e.listed!.find((x) => x.attempt === n);
    const want = is2xx(d.answeredStatus) ? 'succeeded' : 'failed';
    if (!a) {
      out.push({
        message: `attempt ${n} ${describeDelivery(d)} arrived but the log of ${e.eventId} lists no attempt ${n} (${e.listed!.length} listed)`,
      });
      return;
    }
    const wrong: string[] = [];
    if (a.event_id !== e.eventId) wrong.push(`event_id ${JSON.stringify(a.event_id)}`);
    if (a.event_type !== e.event) wrong.push(`event_type ${JSON.stringify(a.event_type)}`);
    if (a.status !== want) wrong.push(`status ${JSON.stringify(a.status)}`);
    if (a.response_status !== d.answeredStatus) wrong.push(`response_status ${JSON.stringify(a.response_status)}`);
    if (wrong.length)
      out.push({
        message: `attempt ${n} ${describeDelivery(d)} is logged with ${wrong.join(', ')}; the receiver saw ${e.eventId} (${e.event}) and answered ${d.answeredStatus}, so want ${want} ${d.answeredStatus}`,
        documented: { event_id: e.eventId, event_type: e.event, status: want, response_status: d.answeredStatus },
        received: { event_id: a.event_id, event_type: a.event_type, status: a.status, response_status: a.response_status },
      });
  });
  return out;
});
