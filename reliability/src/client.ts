// Sends one hostile case over its own node:net connection (no HTTP client to tidy the bytes up)
// and records what came back: a status, a close without an answer, or nothing at all by the bound.
import { connect } from 'node:net';
import type { HostileCase } from './case.js';
import { problemFault, type RawResponse, ResponseReader } from './response.js';

export type Outcome =
  | {
      kind: 'answer';
      status: number;
      contentType: string | undefined /** Why an error answer is not a contract problem. */;
      fault?: string;
    }
  /** The server closed (or reset) without a complete response; `partial` when some of one came. */
  | { kind: 'closed'; partial: boolean; error?: string }
  | { kind: 'refused' }
  /** Neither an answer nor a close within the case's bound. */
  | { kind: 'timeout' }
  /** Answered, but did not close an idle keep-alive connection within the bound. */
  | { kind: 'lingered'; status: number };

export interface RequestRecord {
  category: string;
  shape: string;
  owed: HostileCase['owed'];
  bytesSent: number;
  outcome: Outcome;
  startedAt: number;
  ms: number;
}

export interface Address {
  host: string;
  port: number;
}

function answered(response: RawResponse, head: boolean): Extract<Outcome, { kind: 'answer' }> {
  const contentType = response.headers['content-type'];
  const fault = response.status >= 400 ? problemFault(response, head) : undefined;
  return { kind: 'answer', status: response.status, contentType, ...(fault ? { fault } : {}) };
}

export function send(address: Address, c: HostileCase, defaultDeadlineMs: number): Promise<RequestRecord> {
  const startedAt = Date.now();
  const deadlineMs = c.deadlineMs ?? defaultDeadlineMs;
  const head = c.chunks[0]?.subarray(0, 5).toString('latin1') === 'HEAD ';
  return new Promise((resolve) => {
    const socket = connect(address.port, address.host);
    const reader = new ResponseReader(head);
    let response: RawResponse | undefined;
    let connected = false;
    let done = false;
    let trickle: NodeJS.Timeout | undefined;
    const finish = (outcome: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(trickle);
      const bytesSent = socket.bytesWritten;
      socket.destroy();
      resolve({ category: c.category, shape: c.shape, owed: c.owed, bytesSent, outcome, startedAt, ms: Date.now() - startedAt });
    };
    const timer = setTimeout(() => finish(response ? { kind: 'lingered', status: response.status } : { kind: 'timeout' }), deadlineMs);

    const writeAll = () => {
      if (!c.trickleMs) {
        for (const chunk of c.chunks) socket.write(chunk);
        if (c.end === 'half-close') socket.end();
        return;
      }
      let i = 0;
      const tick = () => {
        if (done || socket.destroyed || !socket.writable) return;
        if (i < c.chunks.length) socket.write(c.chunks[i++]);
        if (i < c.chunks.length) trickle = setTimeout(tick, c.trickleMs);
        else if (c.end === 'half-close') socket.end();
      };
      tick();
    };

    socket.on('connect', () => {
      connected = true;
      writeAll();
    });
    socket.on('data', (chunk: Buffer) => {
      if (response) return;
      response = reader.push(chunk);
      if (response && c.after !== 'await-close') finish(answered(response, head));
    });
    // Writes after the server hung up fail with EPIPE/ECONNRESET: what counts is what was read
    // before the close that always follows.
    let error: string | undefined;
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && err.code === 'ECONNREFUSED') finish({ kind: 'refused' });
      error = err.code ?? err.message;
    });
    socket.on('close', () => {
      if (!response) response = reader.end();
      if (response) finish(answered(response, head));
      else finish({ kind: 'closed', partial: reader.partial, ...(error ? { error } : {}) });
    });
  });
}
