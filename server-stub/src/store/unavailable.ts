// A store the stub depends on that cannot answer right now: SQLite still busy (another connection
// held the write lock past busy_timeout) or Redis unreachable. The pipeline answers these with
// 503 SERVICE_UNAVAILABLE and Retry-After (ARCHITECTURE.md §3), never a 500, and never by skipping
// the check the store makes (no unlimited admission while the limit store is down).
import { ApiError } from '../http/problem.js';

/** Clients retry after this; a busy database or a reconnecting Redis is back within seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

export type StoreName = 'sqlite' | 'redis';

/** Thrown by store code when its backend could not be reached; `cause` is the backend's error. */
export class StoreUnavailable extends Error {
  constructor(
    readonly store: StoreName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailable';
  }
}

// better-sqlite3's SqliteError carries the extended result code; BUSY (incl. BUSY_SNAPSHOT,
// BUSY_TIMEOUT) and LOCKED are contention that a later retry gets past.
const SQLITE_CONTENTION = /^SQLITE_(BUSY|LOCKED)/;

/** The store that failed, when `err` means "unavailable" rather than a bug. */
export function unavailableStore(err: unknown): StoreUnavailable | undefined {
  if (err instanceof StoreUnavailable) return err;
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (e && e.name === 'SqliteError' && typeof e.code === 'string' && SQLITE_CONTENTION.test(e.code)) {
    return new StoreUnavailable('sqlite', `database busy (${e.code})`, { cause: err });
  }
  return undefined;
}

/** The problem a client sees for it. */
export function serviceUnavailable(): ApiError {
  return new ApiError('SERVICE_UNAVAILABLE', 'The service is briefly unavailable; retry after the Retry-After delay.', {
    headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
  });
}
