// Idempotency records (ARCHITECTURE.md §5) behind one small async interface: memory here, SQLite in
// sqlite-store.ts, Redis in redis-store.ts. A record is claimed before the handler runs (status null: in
// flight) and completed with the response afterwards; `begin` is atomic, so of N concurrent
// duplicates exactly one claims the key.

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface IdempotencyRecord {
  fingerprint: string;
  /** Null while the first request is still running. */
  response: StoredResponse | null;
  createdAt: number;
}

export type BeginResult = { claimed: true } | { claimed: false; record: IdempotencyRecord };

export interface IdempotencyStore {
  /** Claims (account, key) for this request, or answers the live record that holds it. */
  begin(accountId: string, key: string, fingerprint: string, now: number): Promise<BeginResult>;
  /** Stores the response of a claimed key. */
  complete(accountId: string, key: string, response: StoredResponse): Promise<void>;
  /** Frees a claimed key without a response (5xx: the client may retry and run it again). */
  release(accountId: string, key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where a completed request's answer is kept durably: written synchronously inside the handler's
 * own SQLite transaction, so a crash leaves either the handler's writes and the record, or neither
 * (a retry with the key then replays, or runs once). The SQLite store is one; whatever store holds
 * the claims, the pipeline records the outcome here and consults it before running a claimed key.
 */
export interface DurableOutcomes {
  /** Inside the caller's transaction: the key's completed answer. */
  record(accountId: string, key: string, fingerprint: string, response: StoredResponse, now: number): void;
  /** A completed answer recorded for the key, if any (a claim store that lost it after a crash). */
  find(accountId: string, key: string, now: number): IdempotencyRecord | undefined;
}

export interface IdempotencyTimes {
  /** How long a completed record is replayed (24 h). */
  ttlMs: number;
  /** After this, an in-flight claim is presumed dead (its process crashed) and can be re-claimed. */
  leaseMs: number;
}

export const DEFAULT_TIMES: IdempotencyTimes = { ttlMs: 24 * 3_600_000, leaseMs: 60_000 };

/** True when a stored record no longer holds its key. */
export const isStale = (record: IdempotencyRecord, now: number, times: IdempotencyTimes) =>
  now - record.createdAt >= (record.response === null ? times.leaseMs : times.ttlMs);

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private nextSweep = 0;

  constructor(private readonly times: IdempotencyTimes = DEFAULT_TIMES) {}

  async begin(accountId: string, key: string, fingerprint: string, now: number): Promise<BeginResult> {
    if (now >= this.nextSweep) this.sweep(now);
    const id = `${accountId}\n${key}`;
    const existing = this.records.get(id);
    if (existing && !isStale(existing, now, this.times)) return { claimed: false, record: existing };
    this.records.set(id, { fingerprint, response: null, createdAt: now });
    return { claimed: true };
  }

  async complete(accountId: string, key: string, response: StoredResponse): Promise<void> {
    const record = this.records.get(`${accountId}\n${key}`);
    if (record) record.response = response;
  }

  async release(accountId: string, key: string): Promise<void> {
    this.records.delete(`${accountId}\n${key}`);
  }

  private sweep(now: number): void {
    this.nextSweep = now + 60_000;
    for (const [id, r] of this.records) if (isStale(r, now, this.times)) this.records.delete(id);
  }

  async close(): Promise<void> {
    this.records.clear();
  }
}
