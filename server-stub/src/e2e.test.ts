// End to end over real ports: `npm run stub`'s entry point (main.ts) as a child process on
// loopback — start-up refusals, requests a socket can send that inject cannot (chunked bodies,
// broken HTTP), graceful SIGTERM, and acknowledged writes and webhook deliveries surviving `kill -9`.
import { createServer, request, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_KEY } from './config.js';
import { runStubProcess, type StubProcess, startStubProcess, tempDb } from './testing/stub-process.js';

const auth = { authorization: `Bearer ${DEFAULT_ADMIN_KEY}` };

describe('start-up refusals', () => {
  it.each([
    [{ PORT: 'eighty' }, /^stub: PORT="eighty" is not an integer/],
    [{ STUB_ADMIN_KEY: 'nope' }, /^stub: STUB_ADMIN_KEY is not a test key/],
    [
      { HOST: '0.0.0.0', STUB_KEY_PEPPER: 'p'.repeat(32) },
      /^stub: refusing to listen on 0\.0\.0\.0 with the documented default admin keys/,
    ],
    [{ HOST: '0.0.0.0' }, /^stub: STUB_KEY_PEPPER is required when listening beyond loopback/],
  ])('%j → exit 2 with one line', async (env, message) => {
    const r = await runStubProcess(env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('over a real port', () => {
  let child: StubProcess;
  beforeAll(async () => {
    child = await startStubProcess({ STUB_DB: tempDb() });
  });
  afterAll(async () => {
    child.proc.kill('SIGTERM');
    await child.exited;
  });

  it('answers an authenticated request with every documented header', async () => {
    const res = await fetch(`${child.url}/v1/account`, { headers: auth });
    expect(res.status).toBe(200);
    for (const h of ['x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-policy', 'ratelimit'])
      expect(res.headers.get(h)).not.toBeNull();
    expect(((await res.json()) as any).object).toBe('account');
  });

  it('answers a missing key with the challenge', async () => {
    const res = await fetch(`${child.url}/v1/account`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="parley"');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('stops reading a chunked body at the limit and answers 413', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: child.port,
          method: 'POST',
          path: '/v1/calls',
          headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode!, body }));
        },
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      req.write('{"pad":"');
      pump();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a declared oversized body with 413 and keeps serving on the same connection', async () => {
    const big = await fetch(`${child.url}/v1/calls`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).detail).toBe('The request body is 2097152 bytes; this operation accepts at most 65536.');
    expect((await fetch(`${child.url}/v1/account`, { headers: auth })).status).toBe(200);
  });

  it('answers broken HTTP with a 400 problem', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(child.port, '127.0.0.1', () => socket.write('GET /v1/account HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => (data += c));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('"code":"MALFORMED_REQUEST"');
  });

  it('answers garbage JSON and a wrong media type with 4xx problems', async () => {
    const post = (body: string, type: string) =>
      fetch(`${child.url}/v1/calls`, { method: 'POST', headers: { ...auth, 'content-type': type }, body });
    expect((await post('{"to":', 'application/json')).status).toBe(400);
    expect((await post('<call/>', 'application/xml')).status).toBe(415);
  });

  it('never logs a key', () => {
    expect(child.stdout.join('\n')).not.toContain(DEFAULT_ADMIN_KEY);
  });
});

describe('process lifecycle', () => {
  it('exits 0 on SIGTERM after closing the database', async () => {
    const child = await startStubProcess({ STUB_DB: tempDb() });
    expect((await fetch(`${child.url}/v1/account`, { headers: auth })).status).toBe(200);
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(child.stdout.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  });

  it('keeps acknowledged writes and idempotency records across kill -9', async () => {
    const db = tempDb();
    let child = await startStubProcess({ STUB_DB: db });
    const create = () =>
      fetch(`${child.url}/v1/api-keys`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'kill-9-test' },
        body: JSON.stringify({ name: 'survivor', scopes: ['account:read'] }),
      });
    const created = await create();
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; secret: string };
    child.proc.kill('SIGKILL');
    expect(await child.exited).toBeNull();

    child = await startStubProcess({ STUB_DB: db });
    try {
      const me = await fetch(`${child.url}/v1/account`, { headers: { authorization: `Bearer ${key.secret}` } });
      expect(me.status).toBe(200);
      const replay = await create();
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as any).id).toBe(key.id);
    } finally {
      child.proc.kill('SIGTERM');
      await child.exited;
    }
  });

  it('delivers a webhook whose attempt was cut off by kill -9, once, under a new attempt with the same webhook-id', async () => {
    const db = tempDb();
    const env = { STUB_DB: db, STUB_WEBHOOK_ALLOW_LOOPBACK: '1', STUB_WEBHOOK_RETRY_SCALE: '0.001' };
    // The receiver holds the first delivery open (the attempt is in flight when the stub dies),
    // then answers every later one at once.
    const received: Array<{ id: string; answered: boolean }> = [];
    const held: ServerResponse[] = [];
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        if (received.length === 0) {
          received.push({ id, answered: false });
          held.push(res);
          return;
        }
        received.push({ id, answered: true });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    let child = await startStubProcess(env);
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${child.url}${path}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const endpoint = (await (
        await post('/v1/webhooks', { url: `http://127.0.0.1:${port}/hooks`, events: ['call.completed'] })
      ).json()) as {
        id: string;
      };
      const sent = (await (await post(`/v1/webhooks/${endpoint.id}/test`, { event_type: 'call.completed' })).json()) as {
        event_id: string;
      };
      const deadline = Date.now() + 5_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(received).toHaveLength(1); // in flight now
      child.proc.kill('SIGKILL');
      expect(await child.exited).toBeNull();
      for (const res of held) res.destroy();

      child = await startStubProcess(env);
      const until = Date.now() + 5_000;
      while (received.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300)); // and nothing more
      expect(received.map((r) => r.id)).toEqual([sent.event_id, sent.event_id]);
      const log = await fetch(`${child.url}/v1/webhooks/${endpoint.id}/deliveries`, { headers: auth });
      const attempts = ((await log.json()) as { data: Array<{ attempt: number; status: string; error: string | null }> }).data;
      expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
        [2, 'succeeded'],
        [1, 'failed'],
      ]);
      expect(attempts[1].error).toMatch(/interrupted/);
    } finally {
      child.proc.kill('SIGTERM');
      await child.exited;
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});
