// Reading responses off raw bytes, and judging error answers against the contract's Problem.
import { describe, expect, it } from 'vitest';
import { problemFault, type RawResponse, ResponseReader } from './response.js';

const problem = JSON.stringify({
  type: 'https://docs.parley.dev/errors/not-found',
  title: 'Not found',
  status: 404,
  detail: 'No contact ctc_1 exists in this account.',
  code: 'NOT_FOUND',
  request_id: 'req_AAAAAAAAAAAAAAAAAAAAAA',
});
const http = (status: number, headers: string[], body = '') =>
  Buffer.from(`HTTP/1.1 ${status} X\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`);

describe('ResponseReader', () => {
  it('completes a Content-Length response only when the whole body has come, across chunks', () => {
    const bytes = http(404, ['Content-Type: application/problem+json', `Content-Length: ${problem.length}`], problem);
    const reader = new ResponseReader();
    expect(reader.push(bytes.subarray(0, 40))).toBeUndefined();
    expect(reader.push(bytes.subarray(40, bytes.length - 1))).toBeUndefined();
    const res = reader.push(bytes.subarray(bytes.length - 1));
    expect(res?.status).toBe(404);
    expect(res?.body.toString()).toBe(problem);
  });

  it('skips 100 Continue, reads chunked bodies and bodies that end with the connection', () => {
    const chunked = new ResponseReader().push(
      Buffer.concat([http(100, []), http(200, ['Transfer-Encoding: chunked'], '3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n')]),
    );
    expect(chunked?.status).toBe(200);
    expect(chunked?.body.toString()).toBe('abcde');
    const untilClose = new ResponseReader();
    expect(untilClose.push(http(400, ['Content-Type: text/plain'], 'bad'))).toBeUndefined();
    expect(untilClose.end()?.body.toString()).toBe('bad');
  });

  it('takes no body for HEAD, 204 and 304, and reports a partial response', () => {
    expect(new ResponseReader(true).push(http(405, ['Content-Length: 99']))?.status).toBe(405);
    expect(new ResponseReader().push(http(204, []))?.status).toBe(204);
    const partial = new ResponseReader();
    partial.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'));
    expect(partial.end()).toBeUndefined();
    expect(partial.partial).toBe(true);
  });
});

describe('problemFault', () => {
  const res = (status: number, type: string | undefined, body: string): RawResponse => ({
    status,
    headers: type ? { 'content-type': type } : {},
    body: Buffer.from(body),
  });
  it.each([
    [res(404, 'application/problem+json', problem), undefined],
    [res(404, 'application/problem+json; charset=utf-8', problem), undefined],
    [res(400, undefined, ''), 'no Content-Type'],
    [res(400, 'text/plain', 'bad'), 'Content-Type text/plain'],
    [res(404, 'application/json', problem), 'Content-Type application/json'],
    [res(404, 'application/problem+json', '{'), 'body is not JSON'],
    [res(404, 'application/problem+json', '{"title":"x"}'), "body breaks the Problem schema: / must have required property 'type'"],
    [res(410, 'application/problem+json', problem), 'body status 404 ≠ HTTP 410'],
  ])('%#', (response, want) => expect(problemFault(response)).toBe(want));

  it('judges only the media type of a HEAD answer', () => {
    expect(problemFault(res(404, 'application/problem+json', ''), true)).toBeUndefined();
  });
});
