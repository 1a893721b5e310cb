// The webhook receiver against real node:http clients and raw sockets: what it records, how it
// answers (rules, 405, 413), waiting for deliveries without polling, closing under open
// connections, and readable errors when it cannot start.
import { Agent } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../testing/webhook-client.js';
import { type Receiver, type ReceiverOptions, startReceiver } from './receiver.js';

const open: Receiver[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

async function receiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const r = await startReceiver(opts);
  open.push(r);
  return r;
}

const post = (r: Receiver, path: string, body = '{}', headers: Record<string, string> = {}) =>
  send(r.url(path), { body, headers: { 'content-type': 'application/json', ...headers } });

/** Resolves 'timeout' if `p` has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref())]);

describe('recording', () => {
  it('builds URLs on its own host and port', async () => {
    const r = await receiver();
    expect(r.port).toBeGreaterThan(0);
    expect(r.url()).toBe(`http://127.0.0.1:${r.port}/`);
    expect(r.url('hooks/a')).toBe(`http://127.0.0.1:${r.port}/hooks/a`);
    expect(r.url('/hooks/a?x=1')).toBe(`http://127.0.0.1:${r.port}/hooks/a?x=1`);
    expect(r.newPath()).toMatch(/^\/hooks\/[0-9a-f]{24}$/);
    expect(r.newPath()).not.toBe(r.newPath());
  });

  it('records each POST with its path, lower-case headers, exact body and parsed JSON', async () => {
    const r = await receiver();
    const [a, b] = [r.newPath(), r.newPath()];
    const body = '{"event":"call.ended","name":"Zoë ☃"}';
    const before = Date.now();
    expect((await post(r, a, body, { 'Webhook-Id': 'msg_1', 'X-Custom': 'yes' })).status).toBe(200);
    expect((await post(r, `${b}?attempt=2`, 'not json', { 'Webhook-Id': 'msg_2' })).status).toBe(200);
    const after = Date.now();

    const all = r.deliveries();
    expect(all.map((d) => [d.seq, d.method, d.path, d.answeredStatus])).toEqual([
      [1, 'POST', a, 200],
      [2, 'POST', b, 200],
    ]);
    const [first, second] = all;
    expect(first!.headers['webhook-id']).toBe('msg_1');
    expect(first!.headers['x-custom']).toBe('yes');
    expect(Object.keys(first!.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(first!.rawBody).toBe(body);
    expect(first!.bodyBytes).toBe(Buffer.byteLength(body));
    expect(first!.bodyBytes).toBeGreaterThan(body.length);
    expect(first!.json).toEqual({ event: 'call.ended', name: 'Zoë ☃' });
    expect(first!.jsonError).toBeUndefined();
    expect(first!.truncated).toBe(false);
    expect(first!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(first!.receivedAt).toBeLessThanOrEqual(after);
    expect(second!.json).toBeUndefined();
    expect(second!.jsonError).toMatch(/JSON|token/i);

    expect(r.deliveries({ path: b }).map((d) => d.seq)).toEqual([2]);
    expect(r.deliveries({ path: b.slice(1) }).map((d) => d.seq)).toEqual([2]);
    expect(r.deliveries({ webhookId: 'msg_1' }).map((d) => d.seq)).toEqual([1]);
    expect(r.deliveries({ path: a, webhookId: 'msg_2' })).toEqual([]);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('answers other methods 405 (Allow: POST) and records them', async () => {
    const r = await receiver();
    const path = r.newPath();
    const res = await send(r.url(path), { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect((await send(r.url(path), { method: 'PUT', body: '{}' })).status).toBe(405);
    expect(r.deliveries({ path }).map((d) => [d.method, d.answeredStatus])).toEqual([
      ['GET', 405],
      ['PUT', 405],
    ]);
  });

  it('answers a body over maxBodyBytes 413 and keeps it cut, flagged', async () => {
    const r = await receiver({ maxBodyBytes: 1000 });
    const path = r.newPath();
    expect((await post(r, path, 'x'.repeat(1000))).status).toBe(200);
    const big = 'y'.repeat(200_000); // arrives in several chunks
    expect((await post(r, path, big)).status).toBe(413);
    const [fits, over] = r.deliveries({ path });
    expect([fits!.truncated, fits!.bodyBytes, fits!.rawBody.length]).toEqual([false, 1000, 1000]);
    expect([over!.truncated, over!.bodyBytes, over!.rawBody, over!.answeredStatus]).toEqual([true, 200_000, 'y'.repeat(1000), 413]);
    expect(over!.jsonError).toMatch(/truncated/);
  });

  it('survives bytes that are not HTTP, and a sender that hangs up mid-body', async () => {
    const r = await receiver();
    const garbage = net.connect(r.port, '127.0.0.1');
    garbage.on('error', () => {});
    garbage.end('NOT HTTP AT ALL\r\n\r\n');
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      garbage.on('data', (c) => {
        text += c;
      });
      garbage.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);

    const quitter = net.connect(r.port, '127.0.0.1');
    quitter.on('error', () => {});
    quitter.write('POST /hooks/q HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    quitter.destroy();

    expect((await post(r, '/after')).status).toBe(200);
    expect(r.deliveries().map((d) => d.path)).toEqual(['/after']);
  });
});

describe('answers', () => {
  it('failOnce: the first delivery on the path gets the status, later ones 200; other paths untouched', async () => {
    const r = await receiver();
    const [path, other] = [r.newPath(), r.newPath()];
    r.failOnce(path);
    r.failOnce(other, 503);
    expect((await post(r, path)).status).toBe(500);
    expect((await post(r, path)).status).toBe(200);
    expect((await post(r, path)).status).toBe(200);
    expect((await post(r, other)).status).toBe(503);
    expect(r.deliveries({ path }).map((d) => d.answeredStatus)).toEqual([500, 200, 200]);
  });

  it('failAlways answers every delivery on its path', async () => {
    const r = await receiver();
    const path = r.newPath();
    r.failAlways(path, 410);
    expect([(await post(r, path)).status, (await post(r, path)).status, (await post(r, '/else')).status]).toEqual([410, 410, 200]);
  });

  it('the first rule that names a status wins, in the order added', async () => {
    const r = await receiver();
    r.answer((d) => (d.headers['x-mode'] === 'teapot' ? 418 : undefined));
    r.answer((d) => (d.json && typeof d.json === 'object' && 'retry' in d.json ? 429 : undefined));
    r.answer(() => 202);
    expect((await post(r, '/a', '{"retry":1}', { 'x-mode': 'teapot' })).status).toBe(418);
    expect((await post(r, '/a', '{"retry":1}')).status).toBe(429);
    expect((await post(r, '/a')).status).toBe(202);
  });

  it('a rule that throws or names no HTTP status answers 500 and says why', async () => {
    const r = await receiver();
    r.answer((d) => {
      if (d.path === '/throws') throw new Error('boom');
      return d.path === '/bad' ? 42 : undefined;
    });
    expect((await post(r, '/throws')).status).toBe(500);
    expect((await post(r, '/bad')).status).toBe(500);
    expect((await post(r, '/fine')).status).toBe(200);
    expect(r.deliveries().map((d) => d.ruleError)).toEqual([
      'answer rule threw: boom',
      'answer rule gave 42, not an HTTP status 200–599',
      undefined,
    ]);
  });
});

describe('waitFor', () => {
  it('resolves true when a delivery makes the predicate hold, not before', async () => {
    const r = await receiver();
    const path = r.newPath();
    let done = false;
    const waiting = r
      .waitFor((all) => all.filter((d) => d.path === path).length >= 2, 5000)
      .then((v) => {
        done = true;
        return v;
      });
    await post(r, path);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    await post(r, path);
    expect(await waiting).toBe(true);
    expect(await r.waitFor((all) => all.length === 2, 0)).toBe(true); // already true: at once
  });

  it('resolves false on timeout, having looked once per delivery (no polling)', async () => {
    const r = await receiver();
    let calls = 0;
    const started = Date.now();
    const result = await r.waitFor(() => {
      calls++;
      return false;
    }, 150);
    expect(result).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(calls).toBe(1);
  });

  it('resolves false when aborted, already or later, and when its predicate throws', async () => {
    const r = await receiver();
    const already = new AbortController();
    already.abort();
    expect(await r.waitFor(() => true, 5000, already.signal)).toBe(false);

    const later = new AbortController();
    setTimeout(() => later.abort(), 20);
    expect(
      await within(
        r.waitFor(() => false, 60_000, later.signal),
        2000,
      ),
    ).toBe(false);

    expect(
      await r.waitFor(() => {
        throw new Error('bad predicate');
      }, 5000),
    ).toBe(false);
  });

  it('ends pending waits with a last look when the receiver closes', async () => {
    const r = await receiver();
    const pending = r.waitFor(() => false, 60_000);
    await r.close();
    expect(await within(pending, 2000)).toBe(false);
  });
});

describe('close', () => {
  it('closes idle keep-alive and busy connections, records nothing half-sent, and refuses new ones', async () => {
    const r = await startReceiver();
    const agent = new Agent({ keepAlive: true });
    expect((await send(r.url('/idle'), { body: '{}', agent })).status).toBe(200);

    // A request whose headers arrived (the 100 Continue proves it) and whose body never ends.
    const busy = net.connect(r.port, '127.0.0.1');
    busy.on('error', () => {});
    const busyClosed = new Promise<void>((resolve) => busy.on('close', () => resolve()));
    await new Promise<void>((resolve) => {
      busy.once('data', () => resolve());
      busy.write('POST /busy HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n{"part":');
    });

    expect(await within(r.close(), 2000)).toBeUndefined();
    expect(await within(busyClosed, 2000)).toBeUndefined();
    expect(r.deliveries().map((d) => d.path)).toEqual(['/idle']);
    await expect(send(r.url('/late'), { body: '{}' })).rejects.toThrow(/ECONNREFUSED/);
    await r.close(); // twice is fine
    agent.destroy();
  });
});

describe('starting', () => {
  it('rejects with one readable message when the port is taken', async () => {
    const r = await receiver();
    await expect(startReceiver({ port: r.port })).rejects.toThrow(
      new RegExp(`^webhook receiver: cannot listen on 127\\.0\\.0\\.1:${r.port}: port already in use \\(EADDRINUSE\\)$`),
    );
  });

  it.each([
    [{ host: 'no-such-host.invalid' }, /^webhook receiver: cannot listen on no-such-host\.invalid:0: .+/],
    [
      { host: '203.0.113.7' },
      /^webhook receiver: cannot listen on 203\.0\.113\.7:0: address not available on this machine \(EADDRNOTAVAIL\)$/,
    ],
    [{ port: 70000 }, /^webhook receiver: port must be an integer 0–65535, not 70000$/],
    [{ maxBodyBytes: -1 }, /^webhook receiver: maxBodyBytes must be a whole number of bytes, not -1$/],
  ])('rejects %j readably', async (opts, message) => {
    await expect(startReceiver(opts)).rejects.toThrow(message);
  });
});
