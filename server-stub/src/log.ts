// Structured JSON logs, one object per line. Request lines carry only what is safe to keep:
// request id, method, route template, operation, status, duration, account and key ids. Never
// credentials, query values, bodies or secrets (the caller never passes them here). Lines are
// batched per event-loop turn so logging costs one write, not one per request.

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
  /** Writes anything batched (before exit). */
  flush(): void;
}

export const silentLogger: Logger = { request() {}, info() {}, error() {}, flush() {} };

/** `base` fields go on every line (a cluster worker's id and pid, so lines say who served). */
export function jsonLogger(write: (text: string) => void = (t) => process.stdout.write(t), base: Record<string, unknown> = {}): Logger {
  let batch = '';
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (batch === '') return;
    const text = batch;
    batch = '';
    write(text);
  };
  const line = (level: string, msg: string, fields?: object) => {
    batch += `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields })}\n`;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return {
    request: (fields) => line(fields.status >= 500 ? 'error' : 'info', 'request', fields),
    info: (msg, fields) => line('info', msg, fields),
    error: (msg, fields) => line('error', msg, fields),
    flush,
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
  };
}
