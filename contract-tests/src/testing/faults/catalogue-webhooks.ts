// Faults only the webhook verdicts catch (merged into catalogue.ts). Each sits in the delivery
// forwarder the proxy puts between the implementation and the runner's receiver (proxy.ts), or in
// the answers about endpoints; every documented example still passes. Where a fault changes what
// is signed, it signs again with the secret the proxy learnt from the endpoint's create (or
// rotation) answer, so only the thing it breaks is broken.
import { randomBytes } from 'node:crypto';
import { bodyJson, type FaultCase, type InterceptedDelivery, pathOf, resigned, withJson } from './proxy.js';

/** Every webhook case (with what they need), and nothing else. */
export const WEBHOOK_CASES = '^\\S+ probe:webhook-.*$';

const typeOf = (d: InterceptedDelivery): unknown => bodyJson(d)?.type;

/** Passed on to the receiver with these headers and body. */
const onward = (d: InterceptedDelivery, changed: { headers: Record<string, string>; body: Buffer } = d) => ({
  send: [{ url: d.endpoint.original, headers: changed.headers, body: changed.body }],
});

/** One character of every signature's base64 changed. */
const flipped = (signature: string) =>
  signature
    .split(' ')
    .map((s) => {
      const i = s.indexOf(',') + 1;
      return `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
    })
    .join(' ');

const ENDPOINT_READ = /^\/v1\/webhooks\/[^/]+$/;
const DELIVERY_LOG = /^\/v1\/webhooks\/[^/]+\/deliveries$/;

export const WEBHOOK_FAULTS: FaultCase[] = [
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-delivered'],
    fault: {
      id: 'webhook-event-dropped',
      description: 'message.failed events are never delivered (the sender drops them and logs them delivered)',
      delivery: (d) => (typeOf(d) === 'message.failed' ? { send: [], answer: 200 } : undefined),
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-signature-valid'],
    fault: {
      id: 'webhook-bad-signature',
      description: 'every delivery has one byte of its webhook-signature changed',
      delivery: (d) =>
        onward(d, { headers: { ...d.headers, 'webhook-signature': flipped(d.headers['webhook-signature'] ?? '') }, body: d.body }),
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-timestamp-fresh'],
    fault: {
      id: 'webhook-stale-timestamp',
      description: 'every delivery is stamped (and correctly signed) 10 minutes in the past',
      delivery: (d) => onward(d, resigned(d, { timestamp: Number(d.headers['webhook-timestamp']) - 600 })),
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-payload-valid'],
    fault: {
      id: 'webhook-payload-drift',
      description: 'every event is delivered without its required api_version (correctly signed)',
      delivery: (d) => {
        const json = bodyJson(d);
        if (!json || !('api_version' in json)) return undefined;
        const { api_version: _dropped, ...rest } = json;
        return onward(d, resigned(d, { body: Buffer.from(JSON.stringify(rest)) }));
      },
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-retried'],
    fault: {
      id: 'webhook-retry-swallowed',
      description: 'retries never reach the receiver (the sender logs them delivered)',
      delivery: (d) => (d.attempt > 1 ? { send: [], answer: 200 } : undefined),
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-retried'],
    fault: {
      id: 'webhook-new-id-on-retry',
      description: 'a retry carries a new webhook-id (correctly signed), so a de-duplicating receiver processes the event twice',
      delivery: (d) => (d.attempt > 1 ? onward(d, resigned(d, { id: `evt_${randomBytes(11).toString('hex')}` })) : undefined),
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-ids-unique'],
    fault: {
      id: 'webhook-id-reused',
      description: 'deliveries to a rotated endpoint reuse the webhook-id of the first event ever delivered (correctly signed)',
      delivery: (d, ctx) => {
        const first = ctx.memory.get('first-webhook-id');
        if (typeof first !== 'string') {
          ctx.memory.set('first-webhook-id', d.headers['webhook-id']);
          return undefined;
        }
        return d.endpoint.rotated ? onward(d, resigned(d, { id: first })) : undefined;
      },
    },
  },
  {
    area: 'webhooks',
    only: '^createWebhook probe:webhook-tenant$',
    caughtBy: ['webhook-tenant-isolated'],
    fault: {
      id: 'webhook-cross-account',
      description: "the other account's events are also delivered to this account's endpoints for the same event",
      delivery: (d, ctx) => {
        if (d.endpoint.account !== 'other') return undefined;
        const type = String(typeOf(d));
        const strays = ctx.endpoints.filter((e) => e.account === 'this' && e.events.includes(type));
        return {
          send: [
            { url: d.endpoint.original, headers: d.headers, body: d.body },
            ...strays.map((e) => ({ url: e.original, headers: d.headers, body: d.body })),
          ],
        };
      },
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-secret-not-readable'],
    fault: {
      id: 'webhook-secret-readable',
      description: 'reading an endpoint shows its signing_secret',
      delivery: () => undefined,
      response: (res, req, ctx) => {
        if (req.method !== 'GET' || res.status !== 200 || !ENDPOINT_READ.test(pathOf(req))) return undefined;
        const json = bodyJson(res);
        const secret = ctx.endpoints.find((e) => e.id === json?.id)?.secret;
        return secret ? withJson(res, { ...json, signing_secret: secret }) : undefined;
      },
    },
  },
  {
    area: 'webhooks',
    only: WEBHOOK_CASES,
    caughtBy: ['webhook-log-agrees'],
    fault: {
      id: 'webhook-log-lies',
      description: 'the delivery log lists every attempt that succeeded as failed',
      response: (res, req) => {
        if (req.method !== 'GET' || res.status !== 200 || !DELIVERY_LOG.test(pathOf(req))) return undefined;
        const json = bodyJson(res);
        if (!Array.isArray(json?.data)) return undefined;
        const data = json.data.map((a: Record<string, unknown>) =>
          a.status === 'succeeded' ? { ...a, status: 'failed', error: 'the receiver did not answer in time' } : a,
        );
        return withJson(res, { ...json, data });
      },
    },
  },
];
