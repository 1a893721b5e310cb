// Structured JSON logs, one object per line. Request lines carry only what is safe to keep:
// request id, method, route template, operation, status, duration, account and key ids. Never
// credentials, query values, bodies or secrets (the caller never passes them here). Lines are
// batched per event-loop turn and written without blocking the event loop (fdWriter: one write in
// flight at a time, on libuv's thread pool), so logging costs one system call per turn, off the
// thread that serves requests.
import { write as fsWrite, writeSync } from 'node:fs';

export interface RequestLine {
  request_id: string;
  method: string;
  /** The spec's path template (`/v1/calls/{call_id}`), null when no route matched. */
  route: string | null;
  operation: string | null;
  status: number;
  ms: number;
  account_id?: string;
  key_id?: string;
}

export interface Logger {
  request(line: RequestLine): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Writes anything batched, synchronously (before an exit that cannot wait). */
  flush(): void;
  /** Resolves once everything logged so far has been written (before a graceful exit). */
  drain(): Promise<void>;
}

export const silentLogger: Logger = { request() {}, info() {}, error() {}, flush() {}, drain: async () => {} };

/**
 * Where a jsonLogger's text goes: `write` must not block; `flushSync` writes what is queued, then
 * `last`, synchronously, before an exit that cannot wait (a write already in flight is the thread
 * pool's: it has normally long completed by then; `drain` waits for it).
 */
export interface LogSink {
  write(text: string): void;
  flushSync(last?: string): void;
  drain(): Promise<void>;
}

/** Text held back while the destination is slower than the lines (bytes); past it, lines are dropped and counted. */
export const MAX_LOG_BACKLOG = 16 * 1024 * 1024;

/**
 * Writes to a file descriptor (stdout by default) with fs.write: one write in flight at a time, the
 * rest queued and sent as one buffer when it completes. A destination that stays slower than the
 * server (a stalled pipe) holds at most `maxBacklog` bytes here; lines beyond that are dropped, and
 * a `log lines dropped` line says how many once the destination catches up.
 */
export function fdWriter(fd = 1, maxBacklog = MAX_LOG_BACKLOG): LogSink {
  let queued: string[] = [];
  let queuedBytes = 0;
  let writing = false;
  let dropped = 0;
  let waiters: Array<() => void> = [];

  const take = (): Buffer | undefined => {
    if (dropped > 0 && queuedBytes < maxBacklog / 2) {
      queued.push(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'log lines dropped', count: dropped })}\n`);
      dropped = 0;
    }
    if (queued.length === 0) return undefined;
    const buf = Buffer.from(queued.length === 1 ? queued[0] : queued.join(''), 'utf8');
    queued = [];
    queuedBytes = 0;
    return buf;
  };
  const settle = () => {
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const send = (buf: Buffer) => {
    writing = true;
    fsWrite(fd, buf, 0, buf.length, null, (err, n) => {
      if (err) {
        // A non-blocking pipe that is full: try again shortly. Anything else: the destination is
        // gone (closed pipe), and what was queued for it is dropped.
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          setTimeout(() => send(buf), 1).unref();
          return;
        }
        queued = [];
        queuedBytes = 0;
        writing = false;
        settle();
        return;
      }
      if (n < buf.length) return send(buf.subarray(n));
      const next = take();
      if (next) return send(next);
      writing = false;
      settle();
    });
  };
  return {
    write(text) {
      if (queuedBytes >= maxBacklog) {
        dropped++;
        return;
      }
      queued.push(text);
      queuedBytes += text.length;
      if (!writing) send(take()!);
    },
    flushSync(last = '') {
      // What is already in flight is the thread pool's; the rest goes now.
      if (last !== '') queued.push(last);
      const buf = take();
      let at = 0;
      while (buf && at < buf.length) {
        try {
          at += writeSync(fd, buf, at, buf.length - at);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
        }
      }
    },
    drain: () => (writing || queued.length > 0 ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
  };
}

/**
 * `base` fields go on every line (a cluster worker's id and pid, so lines say who served). `sink`: a
 * LogSink, or a plain function given each batch (tests).
 */
export function jsonLogger(sink: LogSink | ((text: string) => void) = fdWriter(1), base: Record<string, unknown> = {}): Logger {
  const out: LogSink =
    typeof sink === 'function' ? { write: sink, flushSync: (last = '') => last !== '' && sink(last), drain: async () => {} } : sink;
  // `,"worker":1,"pid":…` once: the same text as JSON.stringify of the spread object would give.
  const baseText = Object.keys(base).length === 0 ? '' : `,${JSON.stringify(base).slice(1, -1)}`;
  let batch = '';
  let scheduled = false;
  const writeBatch = () => {
    scheduled = false;
    if (batch === '') return;
    const text = batch;
    batch = '';
    out.write(text);
  };
  const append = (text: string) => {
    batch += text;
    if (!scheduled) {
      scheduled = true;
      setImmediate(writeBatch);
    }
  };
  // Routes, operations and methods are few: their JSON is made once.
  const quoted = new Map<string, string>();
  const q = (value: string | null) => {
    if (value === null) return 'null';
    let text = quoted.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      if (quoted.size < 1_000) quoted.set(value, text);
    }
    return text;
  };
  // One ISO timestamp per millisecond, however many lines it has.
  let stampMs = -1;
  let stamp = '';
  const now = () => {
    const ms = Date.now();
    if (ms !== stampMs) {
      stampMs = ms;
      stamp = new Date(ms).toISOString();
    }
    return stamp;
  };
  const line = (level: string, msg: string, fields?: object) =>
    append(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields })}\n`);
  return {
    // The hot path: the same line as `line` would write (keys in the same order), built without
    // spreading objects. Only the fields of RequestLine are written, whatever else `fields` holds.
    request: (f) => {
      let text = `{"time":"${now()}","level":"${f.status >= 500 ? 'error' : 'info'}","msg":"request"${baseText}`;
      text += `,"request_id":${JSON.stringify(f.request_id)},"method":${q(f.method)}`;
      text += `,"route":${q(f.route)},"operation":${q(f.operation)},"status":${JSON.stringify(f.status)},"ms":${JSON.stringify(f.ms)}`;
      if (f.account_id !== undefined) text += `,"account_id":${JSON.stringify(f.account_id)}`;
      if (f.key_id !== undefined) text += `,"key_id":${JSON.stringify(f.key_id)}`;
      append(`${text}}\n`);
    },
    info: (msg, fields) => line('info', msg, fields),
    error: (msg, fields) => line('error', msg, fields),
    flush: () => {
      const text = batch;
      batch = '';
      out.flushSync(text);
    },
    drain: () => {
      writeBatch();
      return out.drain();
    },
  };
}

/** Collects lines in memory (tests assert on what would be logged). */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    request: (fields) => lines.push({ level: 'info', msg: 'request', ...fields }),
    info: (msg, fields) => lines.push({ level: 'info', msg, ...fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, ...fields }),
    flush() {},
    drain: async () => {},
  };
}
