// What the server answers before (or instead of) the pipeline, over a real socket since that is the
// point: unparsable HTTP, headers over node's limit, slow clients and an unmet Expect are problems
// with their own status, and slow clients are cut off within the configured timeouts.
import type { ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateComponent } from '../testing/assert.js';
import { ADMIN_KEY, type TestStub, testStub } from '../testing/stub.js';
import { onClientError, serverOptions } from './transport.js';

const TIMEOUTS = { headersMs: 300, requestMs: 600, keepAliveMs: 300 };
let stub: TestStub;
let port: number;

beforeAll(async () => {
  stub = await testStub({ config: { timeouts: TIMEOUTS } });
  port = (await stub.listen(0, '127.0.0.1')).port;
});
afterAll(() => stub.close());

/** Writes `bytes` (then, with `trickle`, one more byte every 50 ms) and collects what comes back until the server closes. */
function exchange(bytes: string, trickle = false): Promise<{ text: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    const timer = trickle ? setInterval(() => socket.writable && socket.write('a'), 50) : undefined;
    socket.on('data', (c) => (text += c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, ms: Date.now() - started });
    });
    setTimeout(() => reject(new Error(`no close within 5 s; got ${JSON.stringify(text.slice(0, 200))}`)), 5_000).unref();
  });
}

function problemOf(text: string, status: number) {
  expect(text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  expect(text).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
  const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
  expect(validateComponent('Problem', body)).toEqual([]);
  expect(body).toMatchObject({ status, code: 'MALFORMED_REQUEST' });
  return body;
}

describe('answers node would leave without a body', () => {
  it('unparsable HTTP → 400 problem', async () => {
    problemOf((await exchange('GET /v1/account HTTP/1.1\nHost: x\n\n')).text, 400);
  });

  it('headers over the limit → 431 problem', async () => {
    problemOf((await exchange(`GET /v1/account HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`)).text, 431);
  });

  it('an Expect other than 100-continue → 417 problem', async () => {
    const { text } = await exchange(
      `POST /v1/calls HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(problemOf(text, 417).detail).toBe('Expect: teapot is not supported; only 100-continue is.');
  });
});

describe('slow clients', () => {
  it('trickled headers are cut off with a 408 problem within the headers timeout (plus the checking interval)', async () => {
    const { text, ms } = await exchange('GET /v1/account HTTP/1.1\r\nHost: x\r\nX-Slow: ', true);
    problemOf(text, 408);
    expect(ms).toBeLessThan(TIMEOUTS.headersMs + 1_000);
  });

  it('a trickled body is cut off with a 408 problem within the request timeout', async () => {
    const head = `POST /v1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
    const { text, ms } = await exchange(head, true);
    problemOf(text, 408);
    expect(ms).toBeLessThan(TIMEOUTS.requestMs + 1_000);
  });

  it('a connection that says nothing is closed within the headers timeout', async () => {
    const { ms } = await exchange('');
    expect(ms).toBeLessThan(TIMEOUTS.headersMs + 1_000);
  });
});

describe('serverOptions', () => {
  it('checks the timeouts often enough for them to hold, and leaves the Host check to the pipeline', () => {
    expect(serverOptions({ headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 })).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
      requireHostHeader: false,
    });
    expect(serverOptions(TIMEOUTS).connectionsCheckingInterval).toBe(75);
  });
});

describe('onClientError', () => {
  const fakeSocket = (inFlight: Partial<ServerResponse> | undefined) => {
    const calls: string[] = [];
    const socket = {
      writable: true,
      _httpMessage: inFlight,
      end: (data: string) => calls.push(`end ${data.split('\r\n')[0]}`),
      destroy: () => calls.push('destroy'),
    };
    return { socket: socket as unknown as Socket, calls };
  };

  it('writes nothing into a response that has started: it only closes', () => {
    const { socket, calls } = fakeSocket({ headersSent: true });
    onClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    expect(calls).toEqual(['destroy']);
  });

  it('answers while no response has started', () => {
    const { socket, calls } = fakeSocket({ headersSent: false });
    onClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    expect(calls).toEqual(['end HTTP/1.1 408 Request timeout']);
  });
});
