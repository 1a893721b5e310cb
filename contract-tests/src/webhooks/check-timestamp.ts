// `webhook-timestamp` is the time of sending: within the contract's tolerance of the moment the
// receiver got it (a receiver rejects anything further off as a replay).
import { WEBHOOK_HEADERS } from '../../../openapi/tools/contract-model.js';
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { Delivery } from './delivery.js';
import { describeDelivery } from './support.js';
import { timestampSkewSeconds } from './verify.js';

declare module '../types.js' {
  interface EvidenceKinds {
    'webhook-timestamp': { toleranceSeconds: number; delivery?: Delivery };
  }
}

export const webhookTimestampFresh = defineCheck('webhook-timestamp-fresh', 'The delivery timestamp is fresh', (ctx) => {
  const e = evidenceOf(ctx, 'webhook-timestamp');
  if (!e) return { skip: 'no timestamp evidence' };
  if (!e.delivery) return { skip: 'no delivery arrived (see webhook-delivered)' };
  const skew = timestampSkewSeconds(e.delivery);
  const raw = e.delivery.headers[WEBHOOK_HEADERS.timestamp];
  if (skew === undefined)
    return [
      {
        message: `delivery ${describeDelivery(e.delivery)}: ${WEBHOOK_HEADERS.timestamp} is not Unix seconds: ${JSON.stringify(raw ?? null)}`,
      },
    ];
  if (skew <= e.toleranceSeconds) return [];
  const when = Number(raw) * 1000 < e.delivery.receivedAt ? 'before' : 'after';
  return [
    {
      message: `delivery ${describeDelivery(e.delivery)}: ${WEBHOOK_HEADERS.timestamp} ${raw} is ${Math.round(skew)} s ${when} it was received (tolerance ±${e.toleranceSeconds} s)`,
      documented: `±${e.toleranceSeconds} s`,
      received: raw,
    },
  ];
});
