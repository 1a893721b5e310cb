// Splits the bytes of one keep-alive HTTP/1.1 connection into complete responses, so the load
// generator can count answers and send the next request without node:http's per-request objects.
// Handles Content-Length, chunked bodies and bodyless statuses; a body delimited only by the end
// of the connection is completed by `end()`.

export interface FramedResponse {
  status: number;
  /** The server will close the connection after this response. */
  close: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

type State =
  | { kind: 'head' }
  | { kind: 'length'; remaining: number; response: FramedResponse }
  | { kind: 'chunk-size'; response: FramedResponse }
  | { kind: 'chunk-data'; remaining: number; response: FramedResponse }
  | { kind: 'trailers'; response: FramedResponse }
  | { kind: 'until-close'; response: FramedResponse };

export class ResponseFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'head' };

  /** Feeds bytes; returns the responses they complete (possibly none, possibly several). */
  push(chunk: Buffer): FramedResponse[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const done: FramedResponse[] = [];
    for (;;) {
      const response = this.step();
      if (response === undefined) break;
      done.push(response);
    }
    return done;
  }

  /** The connection ended: completes a response whose body runs until the close. */
  end(): FramedResponse | undefined {
    if (this.state.kind !== 'until-close') return undefined;
    const { response } = this.state;
    this.state = { kind: 'head' };
    this.buffer = Buffer.alloc(0);
    return response;
  }

  /** True while a response has started arriving but is not complete. */
  get partial(): boolean {
    return this.state.kind !== 'head' || this.buffer.length > 0;
  }

  /** Advances as far as the buffer allows; returns a response when one completes. */
  private step(): FramedResponse | undefined {
    for (;;) {
      const s = this.state;
      switch (s.kind) {
        case 'head': {
          const end = this.buffer.indexOf(HEAD_END);
          if (end < 0) return undefined;
          const head = this.buffer.subarray(0, end).toString('latin1');
          this.buffer = this.buffer.subarray(end + 4);
          const parsed = parseHead(head);
          if (parsed.kind === 'done') return parsed.response;
          this.state = parsed;
          break;
        }
        case 'length': {
          if (this.buffer.length < s.remaining) {
            s.remaining -= this.buffer.length;
            this.buffer = Buffer.alloc(0);
            return undefined;
          }
          this.buffer = this.buffer.subarray(s.remaining);
          this.state = { kind: 'head' };
          return s.response;
        }
        case 'chunk-size': {
          const eol = this.buffer.indexOf(CRLF);
          if (eol < 0) return undefined;
          const size = parseInt(this.buffer.subarray(0, eol).toString('latin1').split(';')[0].trim(), 16);
          if (!Number.isFinite(size) || size < 0) throw new Error('malformed chunk size');
          this.buffer = this.buffer.subarray(eol + 2);
          this.state =
            size === 0 ? { kind: 'trailers', response: s.response } : { kind: 'chunk-data', remaining: size + 2, response: s.response };
          break;
        }
        case 'chunk-data': {
          if (this.buffer.length < s.remaining) {
            s.remaining -= this.buffer.length;
            this.buffer = Buffer.alloc(0);
            return undefined;
          }
          this.buffer = this.buffer.subarray(s.remaining);
          this.state = { kind: 'chunk-size', response: s.response };
          break;
        }
        case 'trailers': {
          const eol = this.buffer.indexOf(CRLF);
          if (eol < 0) return undefined;
          this.buffer = this.buffer.subarray(eol + 2);
          // An empty line ends the trailers (and the response); anything else is a trailer field.
          if (eol === 0) {
            this.state = { kind: 'head' };
            return s.response;
          }
          break;
        }
        case 'until-close':
          this.buffer = Buffer.alloc(0);
          return undefined;
      }
    }
  }
}

function parseHead(head: string): State | { kind: 'done'; response: FramedResponse } {
  const lines = head.split('\r\n');
  const statusLine = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]);
  if (!statusLine) throw new Error(`malformed status line: ${JSON.stringify(lines[0].slice(0, 60))}`);
  const http10 = statusLine[1] === '0';
  const status = Number(statusLine[2]);
  let length: number | undefined;
  let chunked = false;
  let close = http10;
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon < 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i]
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.split(',').some((v) => v.trim() === 'chunked');
    else if (name === 'connection') close = value.split(',').some((v) => v.trim() === 'close') || (http10 && !value.includes('keep-alive'));
  }
  // An interim 1xx answer is followed by the real one on the same request.
  if (status >= 100 && status < 200) return { kind: 'head' };
  const response: FramedResponse = { status, close };
  if (status === 204 || status === 304) return { kind: 'done', response };
  if (chunked) return { kind: 'chunk-size', response };
  if (length !== undefined) {
    if (!Number.isInteger(length) || length < 0) throw new Error('malformed Content-Length');
    return length === 0 ? { kind: 'done', response } : { kind: 'length', remaining: length, response };
  }
  return { kind: 'until-close', response: { ...response, close: true } };
}
