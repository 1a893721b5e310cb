// Idempotency records in the stub's SQLite file: a completed request is replayed after a restart
// or a `kill -9`, for 24 h. `begin` is one IMMEDIATE transaction, so concurrent duplicates (even
// from several processes on one file) claim a key exactly once. It is also the durable record of
// outcomes (DurableOutcomes): `record` runs inside the handler's transaction.
import type { Db } from '../../store/db.js';
import {
  type BeginResult,
  DEFAULT_TIMES,
  type DurableOutcomes,
  type IdempotencyRecord,
  type IdempotencyStore,
  type IdempotencyTimes,
  isStale,
  type StoredResponse,
} from './store.js';

interface Row {
  fingerprint: string;
  status: number | null;
  response: string | null;
  created_at: number;
}

export class SqliteIdempotencyStore implements IdempotencyStore, DurableOutcomes {
  private readonly stmts;
  private readonly claim: (accountId: string, key: string, fingerprint: string, now: number) => BeginResult;
  private nextSweep = 0;

  constructor(
    db: Db,
    private readonly times: IdempotencyTimes = DEFAULT_TIMES,
  ) {
    this.stmts = {
      get: db.prepare('SELECT fingerprint, status, response, created_at FROM idempotency_records WHERE account_id = ? AND key = ?'),
      upsert: db.prepare(
        `INSERT INTO idempotency_records (account_id, key, fingerprint, status, response, created_at) VALUES (?, ?, ?, NULL, NULL, ?)
         ON CONFLICT (account_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = NULL, response = NULL, created_at = excluded.created_at`,
      ),
      complete: db.prepare('UPDATE idempotency_records SET status = ?, response = ? WHERE account_id = ? AND key = ? AND status IS NULL'),
      record: db.prepare(
        `INSERT INTO idempotency_records (account_id, key, fingerprint, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, response = excluded.response`,
      ),
      release: db.prepare('DELETE FROM idempotency_records WHERE account_id = ? AND key = ? AND status IS NULL'),
      sweep: db.prepare('DELETE FROM idempotency_records WHERE created_at <= ?'),
    };
    const tx = db.transaction((accountId: string, key: string, fingerprint: string, now: number): BeginResult => {
      const record = this.read(accountId, key);
      if (record && !isStale(record, now, this.times)) return { claimed: false, record };
      this.stmts.upsert.run(accountId, key, fingerprint, now);
      return { claimed: true };
    });
    this.claim = (...args) => tx.immediate(...args);
  }

  private read(accountId: string, key: string): IdempotencyRecord | undefined {
    const row = this.stmts.get.get(accountId, key) as Row | undefined;
    if (!row) return undefined;
    return {
      fingerprint: row.fingerprint,
      response: row.response === null ? null : { status: row.status!, ...JSON.parse(row.response) },
      createdAt: row.created_at,
    };
  }

  record(accountId: string, key: string, fingerprint: string, response: StoredResponse, now: number): void {
    const json = JSON.stringify({ body: response.body, headers: response.headers });
    this.stmts.record.run(accountId, key, fingerprint, response.status, json, now);
  }

  find(accountId: string, key: string, now: number): IdempotencyRecord | undefined {
    const record = this.read(accountId, key);
    return record?.response && !isStale(record, now, this.times) ? record : undefined;
  }

  async begin(accountId: string, key: string, fingerprint: string, now: number): Promise<BeginResult> {
    if (now >= this.nextSweep) {
      this.nextSweep = now + 3_600_000;
      this.stmts.sweep.run(now - this.times.ttlMs);
    }
    return this.claim(accountId, key, fingerprint, now);
  }

  async complete(accountId: string, key: string, response: StoredResponse): Promise<void> {
    this.stmts.complete.run(response.status, JSON.stringify({ body: response.body, headers: response.headers }), accountId, key);
  }

  async release(accountId: string, key: string): Promise<void> {
    this.stmts.release.run(accountId, key);
  }

  async close(): Promise<void> {}
}
