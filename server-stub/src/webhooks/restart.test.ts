// Deliveries survive the stub: an event whose receiver is down is still pending when the stub
// stops, and a new stub on the same database file delivers it — once, with the same webhook-id,
// signed with the endpoint's secret — and its log shows every attempt.
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStub, type Stub } from '../app.js';
import { DEFAULT_ADMIN_KEY } from '../config.js';
import { verifyDelivery } from './signature.js';

const auth = { authorization: `Bearer ${DEFAULT_ADMIN_KEY}`, 'content-type': 'application/json' };
const config = (db: string) => ({ db, webhookAllowLoopback: true, webhookRetryScale: 0.01 });

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A port nothing listens on yet: bound, read, released. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function receiver(port: number, received: Received[]): Promise<Server> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => s.listen(port, '127.0.0.1', () => resolve(s)));
}

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

describe('webhook deliveries across a restart', () => {
  it('a delivery pending at shutdown is delivered by the next process, once, with the same webhook-id', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'stub-hooks-')), 'stub.sqlite');
    const port = await freePort();
    const first: Stub = await createStub({ config: config(db) });
    const created = await first.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: auth,
      payload: { url: `http://127.0.0.1:${port}/hooks`, events: ['call.completed'] },
    });
    expect(created.statusCode).toBe(201);
    const endpoint = created.json() as { id: string; signing_secret: string };
    const sent = await first.inject({
      method: 'POST',
      url: `/v1/webhooks/${endpoint.id}/test`,
      headers: auth,
      payload: { event_type: 'call.completed' },
    });
    expect(sent.statusCode).toBe(202);
    const eventId = (sent.json() as { event_id: string }).event_id;
    // Nothing listens yet: the first attempt is refused and a retry is scheduled.
    await new Promise((r) => setTimeout(r, 300));
    await first.close();

    const received: Received[] = [];
    open.push(await receiver(port, received));
    const second = await createStub({ config: config(db) });
    open.push(second);
    const deadline = Date.now() + 5_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300)); // nothing more may arrive

    expect(received).toHaveLength(1);
    const [d] = received;
    expect(d.headers['webhook-id']).toBe(eventId);
    const headers = {
      id: String(d.headers['webhook-id']),
      timestamp: String(d.headers['webhook-timestamp']),
      signature: String(d.headers['webhook-signature']),
    };
    expect(verifyDelivery(endpoint.signing_secret, headers, d.body, Math.floor(Date.now() / 1000))).toBe(true);

    const log = await second.inject({ method: 'GET', url: `/v1/webhooks/${endpoint.id}/deliveries?event_id=${eventId}`, headers: auth });
    const attempts = (log.json() as { data: Array<{ attempt: number; status: string; error: string | null }> }).data;
    expect(attempts[0]).toMatchObject({ status: 'succeeded' });
    expect(attempts.slice(1).every((a) => a.status === 'failed' && a.error)).toBe(true);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => attempts.length - i));
  });
});
