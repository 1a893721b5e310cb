// Reads one HTTP/1.1 response off raw bytes (skipping 1xx interim answers), and judges whether an
// error response is the problem+json the contract promises (ARCHITECTURE.md §3): the media type,
// and a body that satisfies the spec's Problem schema with `status` equal to the HTTP status.
import { createSchemaValidator } from '../../openapi/tools/schema-validator.js';
import { loadSpec } from '../../openapi/tools/spec.js';

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

const HEAD_END = Buffer.from('\r\n\r\n');

export class ResponseReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** `head`: the request was HEAD, so the response has no body whatever its headers say. */
  constructor(private readonly head = false) {}

  /** Feeds bytes; the response once it is complete. */
  push(chunk: Buffer): RawResponse | undefined {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf(HEAD_END);
      if (end === -1) return undefined;
      const head = parseHead(this.buffer.subarray(0, end).toString('latin1'));
      const rest = this.buffer.subarray(end + 4);
      if (head.status >= 100 && head.status < 200) {
        this.buffer = rest; // 100 Continue and friends: the real answer follows
        continue;
      }
      const body = this.bodyOf(head, rest, false);
      return body === undefined ? undefined : { ...head, body };
    }
  }

  /** The connection ended: a response whose body runs until the close is complete now. */
  end(): RawResponse | undefined {
    const end = this.buffer.indexOf(HEAD_END);
    if (end === -1) return undefined;
    const head = parseHead(this.buffer.subarray(0, end).toString('latin1'));
    const body = this.bodyOf(head, this.buffer.subarray(end + 4), true);
    return body === undefined ? undefined : { ...head, body };
  }

  /** Bytes received so far that are not a complete response. */
  get partial(): boolean {
    return this.buffer.length > 0;
  }

  private bodyOf(head: Omit<RawResponse, 'body'>, rest: Buffer, closed: boolean): Buffer | undefined {
    if (this.head || head.status === 204 || head.status === 304) return Buffer.alloc(0);
    const length = head.headers['content-length'];
    if (length !== undefined) {
      const n = Number(length);
      return rest.length >= n ? rest.subarray(0, n) : undefined;
    }
    if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) return dechunk(rest);
    return closed ? rest : undefined;
  }
}

function parseHead(text: string): Omit<RawResponse, 'body'> {
  const [statusLine, ...lines] = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: m ? Number(m[1]) : 0, headers };
}

/** A complete chunked body, or undefined while chunks are missing. */
function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol === -1) return undefined;
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return Buffer.concat(parts); // not chunked after all: take what came
    if (size === 0) return Buffer.concat(parts);
    if (data.length < eol + 2 + size + 2) return undefined;
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

const PROBLEM_TYPE = /^application\/problem\+json\s*(;|$)/i;
let validateProblem: ((value: unknown) => Array<{ pointer: string; message: string }>) | undefined;

/** Why this error response is not a contract problem, or undefined when it is one (a HEAD answer has no body to judge). */
export function problemFault(response: RawResponse, head = false): string | undefined {
  const type = response.headers['content-type'];
  if (!type) return 'no Content-Type';
  if (!PROBLEM_TYPE.test(type)) return `Content-Type ${type}`;
  if (head) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return 'body is not JSON';
  }
  validateProblem ??= createSchemaValidator(loadSpec()).compile({ $ref: '#/components/schemas/Problem' });
  const errors = validateProblem(body);
  if (errors.length > 0) return `body breaks the Problem schema: ${errors[0].pointer || '/'} ${errors[0].message}`;
  const status = (body as { status?: unknown }).status;
  if (status !== response.status) return `body status ${String(status)} ≠ HTTP ${response.status}`;
  return undefined;
}
