// The delivered body is the event the spec documents: it validates against the webhook's
// request-body schema, its `type` is the event's name, and `webhook-id` is the payload's `id`
// (Standard Webhooks: the message id a receiver de-duplicates on).
import { WEBHOOK_HEADERS } from '../../../openapi/tools/contract-model.js';
import { defineCheck, evidenceOf } from '../checks/define.js';
import { isObject } from '../checks/support.js';
import type { FailureInput } from '../types.js';
import type { Delivery } from './delivery.js';
import { webhookIdOf } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The event's documented payload schema (refs as in the spec) and the delivery to judge. */
    'webhook-payload': { event: string; webhookOperationId: string; schema: unknown; delivery?: Delivery };
  }
}

export const webhookPayloadValid = defineCheck('webhook-payload-valid', 'The delivered payload is the documented event', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-payload');
  if (!e) return { skip: 'no payload evidence' };
  if (!e.delivery) return { skip: 'no delivery arrived (see webhook-delivered)' };
  const d = e.delivery;
  if (d.json === undefined) return [{ message: `the ${e.event} delivery's body is not JSON: ${d.jsonError}` }];
  const out: FailureInput[] = [];
  for (const err of ctx.validator.validate(e.schema, d.json))
    out.push({ message: `${err.pointer || '/'} ${err.message} (${e.webhookOperationId}'s documented payload)`, pointer: err.pointer });
  const body = isObject(d.json) ? d.json : {};
  if (body.type !== e.event)
    out.push({
      message: `type is ${JSON.stringify(body.type)}, not ${e.event}`,
      documented: e.event,
      received: body.type,
      pointer: '/type',
    });
  const id = webhookIdOf(d);
  if (id !== body.id)
    out.push({
      message: `${WEBHOOK_HEADERS.id} ${JSON.stringify(id ?? null)} is not the payload's id ${JSON.stringify(body.id ?? null)}`,
      documented: body.id,
      received: id,
      pointer: `/headers/${WEBHOOK_HEADERS.id}`,
    });
  return out;
});
