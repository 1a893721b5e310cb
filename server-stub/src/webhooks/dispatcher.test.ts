// The delivery engine against real HTTP receivers on ephemeral loopback ports: one signed POST per
// success, retries with the same webhook-id, timeouts, refused connections, an exhausted schedule,
// a crash mid-attempt (file-backed database, a new dispatcher), targets the guard refuses (never
// connected to, at every attempt), the in-flight cap, stop(), redelivery. Delays are scaled by
// 0.001 and timeouts kept at a few hundred milliseconds.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Db, openDatabase } from '../store/db.js';
import type { WebhookAttempt } from './attempt-store.js';
import {
  type DeliveryRequest,
  ENDPOINT_GONE_ERROR,
  INTERRUPTED_ERROR,
  WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './dispatcher.js';
import { newSigningSecret, verifyDelivery } from './signature.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Answer = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  // Dispatchers first (they wait for their attempts), then receivers, then files.
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const ok: Answer = (_, res) => res.end('ok');

/** A receiver on 127.0.0.1 and an ephemeral port that records every request it reads. */
async function receiver(answer: Answer = ok) {
  const requests: Received[] = [];
  let connections = 0;
  let active = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    active++;
    peak = Math.max(peak, active);
    res.on('close', () => active--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res, requests.length);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    get connections() {
      return connections;
    },
    get peak() {
      return peak;
    },
  };
}

/** A port nothing listens on (it was just free). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function dispatcher(overrides: Partial<WebhookDispatcherOptions> & { db?: Db } = {}) {
  const secret = newSigningSecret();
  const db = overrides.db ?? openDatabase(':memory:');
  const d = new WebhookDispatcher({
    db,
    retryScheduleSeconds: [5, 10],
    scale: 0.001,
    timeoutMs: 300,
    allowLoopback: true,
    secretOf: () => secret,
    ...overrides,
  });
  cleanups.push(() => d.stop());
  return { d, db, secret };
}

const event = (url: string, over: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  accountId: 'acct_a',
  endpointId: 'whk_a',
  url,
  eventId: 'evt_7Rm2Kx9Lp4Qw1Tz8Nv3Hb6',
  eventType: 'call.completed',
  body: JSON.stringify({ id: 'evt_7Rm2Kx9Lp4Qw1Tz8Nv3Hb6', type: 'call.completed', data: { note: 'café ✓' } }),
  ...over,
});

/** Every attempt of the endpoint, oldest first. */
const attemptsOf = (d: WebhookDispatcher, accountId = 'acct_a', endpointId = 'whk_a'): WebhookAttempt[] =>
  d.listAttempts(accountId, endpointId, { limit: 100 }).data.reverse();

const until = (check: () => void, timeout = 3_000) => vi.waitFor(check, { timeout, interval: 5 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WebhookDispatcher', () => {
  it('delivers a 2xx once, with the Standard Webhooks headers and a signature that verifies', async () => {
    const seenWhileSending: (string | undefined)[] = [];
    const r = await receiver((_, res) => {
      seenWhileSending.push(d.getAttempt('acct_a', id)?.status); // committed before the request left
      res.writeHead(204).end();
    });
    const { d, secret } = dispatcher({ userAgent: 'Parley-Test/1' });
    d.start();
    const before = Math.floor(Date.now() / 1000);
    const input = event(r.url);
    const id: string = d.enqueue(input);
    expect(id).toMatch(/^whatt_[A-Za-z0-9]{22}$/);
    await until(() => expect(d.getAttempt('acct_a', id)?.status).toBe('succeeded'));
    await sleep(30);
    expect(r.requests).toHaveLength(1);
    const [{ headers, body }] = r.requests;
    expect(body).toBe(input.body);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['content-length']).toBe(String(Buffer.byteLength(input.body)));
    expect(headers['user-agent']).toBe('Parley-Test/1');
    expect(headers['webhook-id']).toBe(input.eventId);
    const timestamp = Number(headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const signed = {
      id: headers['webhook-id'] as string,
      timestamp: headers['webhook-timestamp'] as string,
      signature: headers['webhook-signature'] as string,
    };
    expect(verifyDelivery(secret, signed, body, timestamp)).toBe(true);
    expect(verifyDelivery(newSigningSecret(), signed, body, timestamp)).toBe(false);
    const [attempt] = attemptsOf(d);
    expect(attempt).toMatchObject({ id, attempt: 1, status: 'succeeded', responseStatus: 204, error: null });
    expect(attempt.startedAt).not.toBeNull();
    expect(attempt.finishedAt).toBeGreaterThanOrEqual(attempt.startedAt!);
    expect(seenWhileSending).toEqual(['in_flight']);
  });

  it('retries a 500 once the delay has passed: exactly 2 attempts, same webhook-id, later timestamp', async () => {
    let skew = 0; // the dispatcher's clock jumps 2 s at the first request, so the timestamps must differ
    const r = await receiver((_, res, n) => {
      if (n === 1) {
        skew += 2_000;
        res.writeHead(500).end('boom');
      } else res.end();
    });
    const now = () => Date.now() + skew;
    const { d, secret } = dispatcher({ now });
    d.start();
    const input = event(r.url);
    d.enqueue(input);
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'succeeded']));
    await sleep(30);
    expect(r.requests).toHaveLength(2);
    const [first, second] = r.requests;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(Number(second.headers['webhook-timestamp'])).toBeGreaterThanOrEqual(Number(first.headers['webhook-timestamp']) + 2);
    for (const { headers, body } of r.requests) {
      const signed = {
        id: headers['webhook-id'] as string,
        timestamp: headers['webhook-timestamp'] as string,
        signature: headers['webhook-signature'] as string,
      };
      expect(verifyDelivery(secret, signed, body, Math.floor(now() / 1000))).toBe(true);
      expect(body).toBe(input.body);
    }
    const [a1, a2] = attemptsOf(d);
    expect(a1).toMatchObject({ attempt: 1, responseStatus: 500, error: 'the receiver answered 500, not a 2xx' });
    expect(a2).toMatchObject({ attempt: 2, attemptInChain: 2, eventId: input.eventId, body: input.body, responseStatus: 200 });
    expect(a2.scheduledAt - a1.finishedAt!).toBe(5); // 5 s × 0.001
  });

  it('fails an attempt whose receiver never answers, after timeoutMs', async () => {
    const r = await receiver(() => {}); // reads the request, never answers
    const { d } = dispatcher({ timeoutMs: 200, retryScheduleSeconds: [] });
    d.start();
    const id = d.enqueue(event(r.url));
    await until(() => expect(d.getAttempt('acct_a', id)?.status).toBe('failed'));
    const a = d.getAttempt('acct_a', id)!;
    expect(a.error).toBe('timed out: no complete answer within 200 ms');
    expect(a.responseStatus).toBeNull();
    expect(a.finishedAt! - a.startedAt!).toBeGreaterThanOrEqual(190);
    expect(a.finishedAt! - a.startedAt!).toBeLessThan(450);
    expect(r.requests).toHaveLength(1);
    expect(attemptsOf(d)).toHaveLength(1); // an empty schedule: no retry
  });

  it('fails a 2xx that arrives after the timeout', async () => {
    const r = await receiver((_, res) => setTimeout(() => res.end(), 300));
    const { d } = dispatcher({ timeoutMs: 150, retryScheduleSeconds: [] });
    d.start();
    const id = d.enqueue(event(r.url));
    await until(() => expect(d.getAttempt('acct_a', id)?.status).toBe('failed'));
    expect(d.getAttempt('acct_a', id)?.error).toMatch(/timed out/);
  });

  it('counts a 2xx whose body never ends as delivered once 4 KiB are read', async () => {
    const r = await receiver((_, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(1024);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
    });
    const { d } = dispatcher({ timeoutMs: 400 });
    d.start();
    const id = d.enqueue(event(r.url));
    await until(() => expect(d.getAttempt('acct_a', id)?.status).toBe('succeeded'));
    expect(d.getAttempt('acct_a', id)?.responseStatus).toBe(200);
  });

  it('fails a refused connection and retries it', async () => {
    const port = await closedPort();
    const { d } = dispatcher({ retryScheduleSeconds: [1] });
    d.start();
    d.enqueue(event(`http://127.0.0.1:${port}/hooks`));
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'failed']));
    for (const a of attemptsOf(d)) expect(a).toMatchObject({ responseStatus: null, error: 'the connection was refused (ECONNREFUSED)' });
    expect(attemptsOf(d).map((a) => a.attempt)).toEqual([1, 2]);
  });

  it('ends failed once the schedule is exhausted: 1 + one attempt per delay', async () => {
    const r = await receiver((_, res) => res.writeHead(503).end());
    const { d } = dispatcher({ retryScheduleSeconds: [1, 2, 3] });
    d.start();
    d.enqueue(event(r.url));
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'failed', 'failed', 'failed']));
    await sleep(40);
    expect(attemptsOf(d)).toHaveLength(4);
    expect(attemptsOf(d).map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
      [4, 503],
    ]);
    expect(r.requests).toHaveLength(4);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).toEqual(new Set(['evt_7Rm2Kx9Lp4Qw1Tz8Nv3Hb6']));
  });

  it('after a crash mid-attempt, a new dispatcher on the same file fails it as interrupted and delivers exactly one new attempt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'stub.sqlite');
    const r = await receiver();

    const crashed = openDatabase(file);
    const { d: before } = dispatcher({ db: crashed }); // never started
    const id = before.enqueue(event(r.url));
    // What the crash left: the claim was committed, the request may or may not have left.
    crashed.prepare(`UPDATE webhook_attempts SET status = 'in_flight', started_at = ? WHERE id = ?`).run(Date.now(), id);
    crashed.close();

    const db = openDatabase(file);
    cleanups.push(() => db.close());
    const { d: after } = dispatcher({ db });
    after.start();
    await until(() => expect(attemptsOf(after).map((a) => a.status)).toEqual(['failed', 'succeeded']));
    await sleep(40);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0].headers['webhook-id']).toBe('evt_7Rm2Kx9Lp4Qw1Tz8Nv3Hb6');
    const [interrupted, retry] = attemptsOf(after);
    expect(interrupted).toMatchObject({ id, status: 'failed', error: INTERRUPTED_ERROR, responseStatus: null });
    expect(retry).toMatchObject({ attempt: 2, status: 'succeeded', responseStatus: 200 });
    expect(retry.id).not.toBe(id);
  });

  it('on start, runs pending attempts that were due while it was stopped', async () => {
    const r = await receiver();
    const { d } = dispatcher();
    const id = d.enqueue(event(r.url));
    await sleep(20);
    expect(r.requests).toHaveLength(0); // not started: nothing leaves
    d.start();
    await until(() => expect(d.getAttempt('acct_a', id)?.status).toBe('succeeded'));
  });

  it('refuses a private or loopback target without allowLoopback, and never connects to it', async () => {
    const r = await receiver();
    const lookup = vi.fn(async () => ['127.0.0.1']);
    const { d } = dispatcher({ allowLoopback: false, lookup, retryScheduleSeconds: [1] });
    d.start();
    d.enqueue(event(`https://internal.example:${r.port}/hooks`));
    d.enqueue(event('https://10.0.0.7/hooks', { endpointId: 'whk_b' }));
    await until(() => {
      expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'failed']);
      expect(attemptsOf(d, 'acct_a', 'whk_b').map((a) => a.status)).toEqual(['failed', 'failed']);
    });
    for (const a of attemptsOf(d)) {
      expect(a.error).toBe(
        'The webhook host internal.example resolves to 127.0.0.1, a loopback address; webhooks are delivered only to public addresses.',
      );
    }
    for (const a of attemptsOf(d, 'acct_a', 'whk_b')) {
      expect(a.error).toBe('10.0.0.7 is a private network address; webhooks are delivered only to public addresses.');
      expect(a.finishedAt! - a.startedAt!).toBeLessThan(100); // refused, not a connection that timed out
    }
    expect(lookup).toHaveBeenCalledTimes(2); // checked again at the retry
    expect(r.connections).toBe(0);
  });

  it('checks the target again at every attempt: a DNS answer turned private is refused', async () => {
    const r = await receiver((_, res) => res.writeHead(500).end());
    const answers = [['127.0.0.1'], ['127.0.0.1', '10.0.0.9']];
    const { d } = dispatcher({ lookup: async () => answers.shift() ?? [], retryScheduleSeconds: [1] });
    d.start();
    d.enqueue(event(`http://localhost:${r.port}/hooks`));
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'failed']));
    const [first, second] = attemptsOf(d);
    expect(first.responseStatus).toBe(500);
    expect(second.error).toMatch(/resolves to 10\.0\.0\.9, a private network address/);
    expect(r.requests).toHaveLength(1);
  });

  it('connects to the address the guard checked, not to a fresh DNS answer', async () => {
    const r = await receiver(); // listens on 127.0.0.1 only
    // The guard is told localhost is ::1, where nothing listens: the system resolver would have found 127.0.0.1.
    const { d } = dispatcher({ lookup: async () => ['::1'], retryScheduleSeconds: [] });
    d.start();
    const id = d.enqueue(event(`http://localhost:${r.port}/hooks`));
    await until(() => expect(d.getAttempt('acct_a', id)?.status).toBe('failed'));
    expect(r.requests).toHaveLength(0);

    const { d: pinnedRight } = dispatcher({ lookup: async () => ['127.0.0.1'] });
    pinnedRight.start();
    const ok = pinnedRight.enqueue(event(`http://localhost:${r.port}/hooks`));
    await until(() => expect(pinnedRight.getAttempt('acct_a', ok)?.status).toBe('succeeded'));
    expect(r.requests[0].headers.host).toBe(`localhost:${r.port}`);
  });

  it('stops retrying, without sending, once the endpoint is gone or disabled', async () => {
    let enabled = true;
    const r = await receiver((_, res) => {
      enabled = false; // disabled while its first attempt is answered
      res.writeHead(500).end();
    });
    const secret = newSigningSecret();
    const { d } = dispatcher({ secretOf: () => (enabled ? secret : undefined), retryScheduleSeconds: [1, 1, 1] });
    d.start();
    d.enqueue(event(r.url));
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'failed']));
    await sleep(30);
    expect(attemptsOf(d)).toHaveLength(2);
    expect(attemptsOf(d)[1]).toMatchObject({ error: ENDPOINT_GONE_ERROR, responseStatus: null });
    expect(r.requests).toHaveLength(1);
  });

  it('fails an attempt on an unexpected error with the reason, and retries', async () => {
    const r = await receiver();
    const secret = newSigningSecret();
    let calls = 0;
    const secretOf = () => {
      calls++;
      if (calls === 1) throw new Error('the endpoint store is unavailable');
      return calls === 2 ? 'whsec_not base64' : secret;
    };
    const { d } = dispatcher({ secretOf, retryScheduleSeconds: [1, 1] });
    d.start();
    d.enqueue(event(r.url));
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['failed', 'failed', 'succeeded']));
    const [a1, a2] = attemptsOf(d);
    expect(a1.error).toBe('unexpected error: the endpoint store is unavailable');
    expect(a2.error).toMatch(/^unexpected error: A webhook signing secret is "whsec_" followed by standard, padded base64/);
    expect(r.requests).toHaveLength(1);
  });

  it('keeps at most 8 attempts in flight, and delivers the rest as they finish', async () => {
    const held: http.ServerResponse[] = [];
    const r = await receiver((_, res) => held.push(res));
    const { d } = dispatcher({ timeoutMs: 2_000 });
    d.start();
    for (let i = 0; i < 12; i++) d.enqueue(event(r.url, { eventId: `evt_${i}`, endpointId: 'whk_a' }));
    await until(() => expect(held).toHaveLength(8));
    await sleep(50);
    expect(held).toHaveLength(8);
    for (const res of held.splice(0)) res.end();
    await until(() => {
      for (const res of held.splice(0)) res.end();
      expect(attemptsOf(d).filter((a) => a.status === 'succeeded')).toHaveLength(12);
    });
    expect(r.peak).toBe(8);
    expect(new Set(r.requests.map((q) => q.headers['webhook-id'])).size).toBe(12);
  });

  it('stop() waits for the attempts in flight (bounded by the timeout) and takes no more', async () => {
    const r = await receiver(() => {});
    const { d } = dispatcher({ timeoutMs: 200, retryScheduleSeconds: [] });
    d.start();
    const id = d.enqueue(event(r.url));
    await until(() => expect(r.requests).toHaveLength(1));
    const t0 = Date.now();
    await d.stop();
    expect(Date.now() - t0).toBeLessThan(400);
    expect(d.getAttempt('acct_a', id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/timed out/) });
    const later = d.enqueue(event(r.url));
    await sleep(40);
    expect(d.getAttempt('acct_a', later)?.status).toBe('pending');
    expect(r.requests).toHaveLength(1);
  });

  it('redelivers an event as a new chain: same webhook-id and body, attempt numbers continuing', async () => {
    const r = await receiver((_, res, n) => res.writeHead(n === 2 ? 500 : 200).end());
    const { d } = dispatcher({ retryScheduleSeconds: [1] });
    d.start();
    const input = event(r.url);
    const first = d.enqueue(input);
    await until(() => expect(d.getAttempt('acct_a', first)?.status).toBe('succeeded'));
    expect(d.redeliver('acct_b', first)).toBeUndefined(); // another account's attempt does not exist
    expect(d.redeliver('acct_a', 'whatt_missing')).toBeUndefined();
    const again = d.redeliver('acct_a', first)!;
    await until(() => expect(attemptsOf(d).map((a) => a.status)).toEqual(['succeeded', 'failed', 'succeeded']));
    expect(attemptsOf(d).map((a) => [a.attempt, a.attemptInChain])).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    expect(attemptsOf(d)[1].id).toBe(again);
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual([input.eventId, input.eventId, input.eventId]);
    expect(r.requests.map((q) => q.body)).toEqual([input.body, input.body, input.body]);
    expect(d.listAttempts('acct_b', 'whk_a').data).toEqual([]);
    expect(d.getAttempt('acct_b', first)).toBeUndefined();
  });

  it('refuses bad options and bad input with clear errors', () => {
    const db = openDatabase(':memory:');
    const good: WebhookDispatcherOptions = {
      db,
      retryScheduleSeconds: [1],
      scale: 1,
      timeoutMs: 100,
      allowLoopback: false,
      secretOf: () => undefined,
    };
    expect(() => new WebhookDispatcher({ ...good, retryScheduleSeconds: [1, -1] })).toThrow(/retryScheduleSeconds/);
    expect(() => new WebhookDispatcher({ ...good, scale: Number.NaN })).toThrow(/scale/);
    expect(() => new WebhookDispatcher({ ...good, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new WebhookDispatcher({ ...good, maxInFlight: 0 })).toThrow(/maxInFlight/);
    const d = new WebhookDispatcher(good);
    expect(() => d.enqueue({ ...event('https://hooks.example.com/'), eventId: '' })).toThrow(/eventId must be a non-empty string/);
    expect(() => d.enqueue({ ...event('https://hooks.example.com/'), eventId: 'evt_1\r\nx: y' })).toThrow(/printable ASCII/);
    expect(() => d.enqueue({ ...event('https://hooks.example.com/'), body: { a: 1 } as unknown as string })).toThrow(/body/);
    expect(attemptsOf(d)).toEqual([]);
  });
});
