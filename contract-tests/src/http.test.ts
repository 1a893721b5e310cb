// The wire: a server that hangs, resets, refuses, floods or sends broken JSON gives a typed
// result, never a throw or a hang; a server that answers an upload early is still heard.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest } from './client.js';
import { toCurl } from './curl.js';
import { closeIdleConnections, send } from './http.js';

let base = '';
const sockets = new Set<Socket>();
const served = new WeakSet<Socket>();
const server = http.createServer((req, res) => {
  const path = req.url ?? '/';
  if (path === '/hang') return; // never answers
  if (path === '/reset') return req.socket.destroy();
  // Like a server closing idle keep-alive sockets just as they are reused: one request per connection.
  if (path === '/one-per-connection') {
    if (served.has(req.socket)) return req.socket.destroy();
    served.add(req.socket);
    return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }
  if (path === '/invalid-json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "x",');
  if (path === '/empty-json') return res.writeHead(200, { 'content-type': 'application/json' }).end();
  if (path === '/huge') {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < 8 << 20) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  if (path === '/early-413') {
    // Answers before reading the body, then stops reading.
    res.writeHead(413, { 'content-type': 'application/problem+json', connection: 'close' }).end('{"status":413}');
    return;
  }
  if (path === '/truncated') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"a":');
    setTimeout(() => req.socket.destroy(), 20);
    return;
  }
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () =>
    res
      .writeHead(200, { 'content-type': 'application/json', 'x-echo': req.headers.authorization ?? '' })
      .end(JSON.stringify({ method: req.method, url: req.url, body })),
  );
});

beforeAll(async () => {
  server.on('connection', (s: Socket) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  closeIdleConnections();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const opts = { timeoutMs: 500, maxBodyBytes: 1 << 20 };
const get = (path: string, o = opts) => send({ method: 'GET', url: `${base}${path}`, headers: {} }, o);

// given: how the server misbehaves; want: the typed result.
describe('send', () => {
  const table: Array<[string, string, string]> = [
    ['hangs', '/hang', 'timeout'],
    ['resets the connection', '/reset', 'connection-reset'],
    ['sends more than the cap', '/huge', 'body-too-large'],
    ['closes mid-body', '/truncated', 'connection-reset'],
  ];
  it.each(table)('a server that %s → %s', async (_given, path, kind) => {
    const r = await get(path);
    expect(r.error?.kind).toBe(kind);
    expect(r.response).toBeUndefined();
  });

  it('a reused socket the server had closed is retried on a new connection, not on another stale one', async () => {
    // given 6 idle sockets the server will reset when reused; want 3 parallel requests each answered
    expect((await Promise.all(Array.from({ length: 6 }, () => get('/one-per-connection')))).map((r) => r.response?.status)).toEqual(
      Array(6).fill(200),
    );
    const again = await Promise.all(Array.from({ length: 3 }, () => get('/one-per-connection')));
    expect(again.map((r) => r.response?.status ?? r.error?.kind)).toEqual([200, 200, 200]);
  });

  it('a refused port → connection-refused', async () => {
    const r = await send({ method: 'GET', url: 'http://127.0.0.1:1/', headers: {} }, opts);
    expect(r.error?.kind).toBe('connection-refused');
  });

  it('invalid JSON → a response with the parse error', async () => {
    const r = await get('/invalid-json');
    expect(r.response?.status).toBe(200);
    expect(r.response?.json).toBeUndefined();
    expect(r.response?.jsonError).toBeTruthy();
    expect((await get('/empty-json')).response?.jsonError).toMatch(/empty/);
  });

  it('an answer sent before a 2 MiB upload finished is still received', async () => {
    const r = await send(
      { method: 'POST', url: `${base}/early-413`, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(2 << 20, 0x61) },
      { ...opts, timeoutMs: 5000 },
    );
    expect(r.error).toBeUndefined();
    expect(r.response?.status).toBe(413);
  });

  it('an abort ends a request in flight', async () => {
    const controller = new AbortController();
    const pending = send({ method: 'GET', url: `${base}/hang`, headers: {} }, { ...opts, timeoutMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await pending).error?.kind).toBe('aborted');
  });

  it('sends method, body and headers as built', async () => {
    const req = buildRequest(
      base,
      'post',
      '/v1/things/{id}',
      { path: { id: 'a b' }, query: { limit: 5, tag: ['x', 'y'] }, body: { n: 1 } },
      { credential: { kind: 'valid', via: 'bearer', label: '$K' }, secret: 'pl_test_s' },
    );
    const r = await send(req, opts);
    expect(r.response?.json).toEqual({ method: 'POST', url: '/v1/things/a%20b?limit=5&tag=x&tag=y', body: '{"n":1}' });
    expect(r.response?.headers['x-echo']).toBe('Bearer pl_test_s');
  });
});

describe('buildRequest presents keys where a case asks', () => {
  const key = { credential: { kind: 'valid' as const, via: 'bearer' as const, label: '$K' }, secret: 'pl_test_s' };
  it.each([
    ['bearer', { authorization: 'Bearer pl_test_s' }],
    ['x-api-key', { 'x-api-key': 'pl_test_s' }],
  ] as const)('%s', (via, headers) => {
    expect(buildRequest(base, 'get', '/v1/x', {}, { ...key, credential: { ...key.credential, via } }).headers).toMatchObject(headers);
  });
  it('both, query and body', () => {
    expect(
      buildRequest(base, 'get', '/v1/x', {}, { ...key, credential: { ...key.credential, via: 'both' }, otherSecret: 'pl_test_t' }).headers,
    ).toMatchObject({ authorization: 'Bearer pl_test_s', 'x-api-key': 'pl_test_t' });
    expect(buildRequest(base, 'get', '/v1/x', {}, { ...key, credential: { ...key.credential, via: 'query' } }).url).toMatch(
      /\?api_key=pl_test_s$/,
    );
    expect(
      JSON.parse(
        String(buildRequest(base, 'post', '/v1/x', { body: { a: 1 } }, { ...key, credential: { ...key.credential, via: 'body' } }).body),
      ),
    ).toEqual({ a: 1, api_key: 'pl_test_s' });
  });
});

describe('curl', () => {
  it('reproduces the request without printing secrets', () => {
    const req = buildRequest(
      'http://127.0.0.1:4000',
      'post',
      '/v1/agents',
      { body: { name: "O'Brien" } },
      { credential: { kind: 'valid', via: 'bearer', label: '$CONTRACT_KEY' }, secret: 'pl_test_secret' },
    );
    const curl = toCurl(
      { request: req, credential: { kind: 'valid', via: 'bearer', label: '$CONTRACT_KEY' } },
      new Map([['pl_test_secret', '$CONTRACT_KEY']]),
    );
    expect(curl).not.toContain('pl_test_secret');
    expect(curl).toContain('-H "authorization: Bearer $CONTRACT_KEY"');
    expect(curl).toContain(`--data-binary '{"name":"O'\\''Brien"}'`);
    expect(curl).toMatch(/^curl -sS -i -X POST "http:\/\/127\.0\.0\.1:4000\/v1\/agents"/);
  });

  it('describes a body too large to print', () => {
    const curl = toCurl({
      request: {
        method: 'POST',
        url: 'http://h/v1/x',
        headers: {},
        body: 'a'.repeat(10_000),
        bodyNote: 'a valid JSON body of 10000 bytes',
      },
      credential: { kind: 'none', via: 'none', label: '' },
    });
    expect(curl).toContain('head -c 10000');
    expect(curl).toContain('# a valid JSON body of 10000 bytes');
  });
});
