// ResponseFramer: bytes of one connection in, complete responses out, however the bytes are split.
import { describe, expect, it } from 'vitest';
import { type FramedResponse, ResponseFramer } from './response-framer.js';

const ok = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
const chunked = (...chunks: string[]) =>
  `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;

/** Feeds `wire` split into pieces of `size` bytes (every split point is exercised for size 1). */
function frame(wire: string, size: number): FramedResponse[] {
  const framer = new ResponseFramer();
  const bytes = Buffer.from(wire);
  const out: FramedResponse[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(...framer.push(bytes.subarray(i, i + size)));
  const last = framer.end();
  if (last) out.push(last);
  return out;
}

const cases: Array<{ given: string; wire: string; want: FramedResponse[] }> = [
  { given: 'one Content-Length response', wire: ok('{"a":1}'), want: [{ status: 200, close: false }] },
  {
    given: 'two pipelined responses',
    wire: `${ok('{}')}HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}`,
    want: [
      { status: 200, close: false },
      { status: 404, close: false },
    ],
  },
  { given: 'an empty body', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', want: [{ status: 200, close: false }] },
  {
    given: 'a chunked body with a chunk-extension and trailers',
    wire: chunked('{"a":', '1}').replace('0\r\n\r\n', '0;x=y\r\nX-Trailer: 1\r\n\r\n') + ok('{}'),
    want: [
      { status: 200, close: false },
      { status: 200, close: false },
    ],
  },
  {
    given: 'a chunked body then another response',
    wire: chunked('ab', 'cd') + ok('x'),
    want: [
      { status: 200, close: false },
      { status: 200, close: false },
    ],
  },
  {
    given: '204 and 304 without a length',
    wire: 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n',
    want: [
      { status: 204, close: false },
      { status: 304, close: false },
    ],
  },
  { given: 'a 100 Continue before the answer', wire: `HTTP/1.1 100 Continue\r\n\r\n${ok('{}')}`, want: [{ status: 200, close: false }] },
  { given: 'Connection: close', wire: ok('{}', 'Connection: close\r\n'), want: [{ status: 200, close: true }] },
  { given: 'HTTP/1.0 without keep-alive', wire: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}', want: [{ status: 200, close: true }] },
  {
    given: 'a body delimited by the end of the connection',
    wire: 'HTTP/1.1 200 OK\r\n\r\n{"until":"close"}',
    want: [{ status: 200, close: true }],
  },
  { given: 'an incomplete body', wire: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}', want: [] },
];

describe('ResponseFramer', () => {
  for (const c of cases) {
    it(`${c.given}: whole, and split at every byte`, () => {
      expect(frame(c.wire, c.wire.length)).toEqual(c.want);
      expect(frame(c.wire, 1)).toEqual(c.want);
      expect(frame(c.wire, 7)).toEqual(c.want);
    });
  }

  it('reports a partial response until it is complete', () => {
    const framer = new ResponseFramer();
    expect(framer.partial).toBe(false);
    expect(framer.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{'))).toEqual([]);
    expect(framer.partial).toBe(true);
    expect(framer.push(Buffer.from('}'))).toEqual([{ status: 200, close: false }]);
    expect(framer.partial).toBe(false);
  });

  for (const [given, wire] of [
    ['a status line that is not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a negative Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ]) {
    it(`throws on ${given}`, () => expect(() => new ResponseFramer().push(Buffer.from(wire))).toThrow(/malformed/));
  }
});
