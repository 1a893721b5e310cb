// The load generator counts exactly what it sends and what comes back, against tiny local servers
// that count too. Fixed request budgets with a generous duration bound: no timing is asserted.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRequest, requestSequence, runLoad } from './load.js';

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  servers = [];
});

/** A loopback server running `handler`; `received()` counts the requests it saw. */
async function serve(handler: (n: number, ...args: Parameters<RequestListener>) => void) {
  let received = 0;
  const server = createServer((req, res) => handler(++received, req, res));
  server.keepAliveTimeout = 30_000;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received: () => received, server };
}

const json = (res: Parameters<RequestListener>[1], status = 200) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': 2 });
  res.end('{}');
};

const base = { path: '/v1/account', durationMs: 30_000, connections: 8 };

describe('runLoad', () => {
  const table: Array<{
    given: string;
    handler: (n: number, ...a: Parameters<RequestListener>) => void;
    maxRequests: number;
    want: { ok: number; statuses: Record<string, number> };
  }> = [
    {
      given: 'a keep-alive server with Content-Length',
      handler: (_, __, res) => json(res),
      maxRequests: 500,
      want: { ok: 500, statuses: { 200: 500 } },
    },
    {
      given: 'a chunked answer',
      handler: (_, __, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"a":');
        res.end('1}');
      },
      maxRequests: 300,
      want: { ok: 300, statuses: { 200: 300 } },
    },
    {
      given: 'every third request refused with 503',
      handler: (n, __, res) => json(res, n % 3 === 0 ? 503 : 200),
      maxRequests: 300,
      want: { ok: 200, statuses: { 200: 200, 503: 100 } },
    },
    {
      given: 'a server that closes the connection after every answer',
      handler: (_, __, res) => {
        res.setHeader('Connection', 'close');
        json(res);
      },
      maxRequests: 100,
      want: { ok: 100, statuses: { 200: 100 } },
    },
  ];
  for (const c of table) {
    it(`sends and counts exactly ${c.maxRequests} requests to ${c.given}`, async () => {
      const target = await serve(c.handler);
      const result = await runLoad({ ...base, url: target.url, maxRequests: c.maxRequests });
      expect(target.received()).toBe(c.maxRequests);
      expect(result).toMatchObject({
        sent: c.maxRequests,
        completed: c.maxRequests,
        ok: c.want.ok,
        statuses: c.want.statuses,
        errors: 0,
        timeouts: 0,
      });
    });
  }

  it('counts a request whose connection is reset as an error, and carries on', async () => {
    const target = await serve((n, req, res) => (n % 10 === 0 ? req.socket.destroy() : json(res)));
    const result = await runLoad({ ...base, url: target.url, maxRequests: 200 });
    expect(target.received()).toBe(200);
    expect(result).toMatchObject({ sent: 200, completed: 180, ok: 180, errors: 20, timeouts: 0 });
  });

  it('sends the method, path and headers asked for', async () => {
    const seen: string[] = [];
    const target = await serve((_, req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      json(res);
    });
    await runLoad({ ...base, connections: 2, url: target.url, maxRequests: 4, headers: { Authorization: 'Bearer k' } });
    expect(seen).toEqual(Array(4).fill('GET /v1/account Bearer k'));
  });

  it('gives up on a server that never answers after the per-request timeout, counting it', async () => {
    const target = await serve(() => {});
    const result = await runLoad({ ...base, connections: 3, url: target.url, maxRequests: 3, durationMs: 100, timeoutMs: 200 });
    expect(result).toMatchObject({ sent: 3, completed: 0, ok: 0, timeouts: 3 });
  });

  it('counts connections that cannot be opened as errors and stops retrying', async () => {
    const target = await serve((_, __, res) => json(res));
    await new Promise((resolve) => target.server.close(resolve));
    servers = [];
    const result = await runLoad({ ...base, connections: 2, url: target.url, maxRequests: 100 });
    expect(result).toMatchObject({ sent: 0, completed: 0, errors: 10 });
  });

  for (const url of ['http://10.0.0.1:80', 'http://example.com', 'https://127.0.0.1:443']) {
    it(`refuses ${url} (loopback http only)`, async () => {
      await expect(runLoad({ ...base, url, maxRequests: 1 })).rejects.toThrow(/loopback|http:/);
    });
  }

  it('builds an HTTP/1.1 request with Host and the headers', () => {
    expect(buildRequest({ path: '/x?y=1', headers: { A: 'b' } }, '127.0.0.1:9').toString()).toBe(
      'GET /x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:9\r\nA: b\r\n\r\n',
    );
  });

  it('adds Content-Length and the body', () => {
    expect(buildRequest({ method: 'POST', path: '/m', headers: { A: 'b' }, body: '{"é":1}' }, 'h').toString()).toBe(
      'POST /m HTTP/1.1\r\nHost: h\r\nA: b\r\nContent-Length: 8\r\n\r\n{"é":1}',
    );
  });
});

describe('requestSequence', () => {
  const options = { url: 'http://127.0.0.1:1', connections: 1, durationMs: 1, maxRequests: 1, method: 'POST', path: '/m' };
  const keyOf = (b: Buffer) => /Idempotency-Key: (\S+)/.exec(b.toString())?.[1];
  const table: Array<[string, number, number, string[]]> = [
    ['no replays: a fresh key every request', 0, 3, ['t-4-1', 't-4-2', 't-4-3']],
    ['2 replays: each key three times', 2, 7, ['t-4-1', 't-4-1', 't-4-1', 't-4-2', 't-4-2', 't-4-2', 't-4-3']],
  ];
  for (const [given, replays, n, want] of table)
    it(given, () => {
      const next = requestSequence({ ...options, idempotency: { replays, bodyTemplate: '{"k":"{key}"}' } }, 'h', 't', 4);
      const sent = Array.from({ length: n }, next);
      expect(sent.map(keyOf)).toEqual(want);
      expect(sent[0].toString()).toMatch(/\r\n\r\n\{"k":"t-4-1"\}$/);
    });

  it('sends the same bytes every time without idempotency', () => {
    const next = requestSequence(options, 'h', 't', 0);
    expect(next()).toBe(next());
  });
});
