// Receives Parley webhook deliveries (Standard Webhooks). The webhooks guide shows this file as the
// recommended receiver code, with the types import as `./parley-api`; the docs tests run it
// against the spec's signed examples and compile what the guide shows.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { webhooks } from '../../generated/schema.js';

/** The body of any delivery; `type` tells which event it is. */
export type ParleyEvent = {
  [E in keyof webhooks]: webhooks[E]['post']['requestBody']['content']['application/json'];
}[keyof webhooks];

/**
 * The event of a delivery whose signature checks out. `rawBody` is the body exactly as
 * received, `secret` the endpoint's `whsec_…` signing secret. Throws a
 * `WebhookVerificationError` when a header is missing, no `webhook-signature` matches,
 * or `webhook-timestamp` is more than 5 minutes from this machine's clock.
 */
export function verifyDelivery(rawBody: string | Buffer, headers: IncomingHttpHeaders, secret: string): ParleyEvent {
  return new Webhook(secret).verify(rawBody, headers as Record<string, string>) as ParleyEvent;
}

/**
 * An HTTP receiver: 400 for a delivery that fails verification; 204 at once for one that
 * passes, then `handle(event)` once per `webhook-id`, however often it is delivered.
 */
export function createReceiver(secret: string, handle: (event: ParleyEvent) => void) {
  const handled = new Set<string>(); // in production, keep handled ids in your database
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk);
    let event: ParleyEvent;
    try {
      event = verifyDelivery(Buffer.concat(chunks), req.headers, secret);
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(204).end();
    const id = String(req.headers['webhook-id']);
    if (handled.has(id)) return;
    handled.add(id);
    handle(event);
  });
}
