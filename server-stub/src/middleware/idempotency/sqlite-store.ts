// Idempotency records in the stub's SQLite file: a completed request is replayed after a restart
// or a `kill -9`, for 24 h. `begin` is one IMMEDIATE transaction, so concurrent duplicates (even
// from several processes on one file) claim a key exactly once.
import type { Db } from '../../store/db.js';
import {
  type BeginResult,
  DEFAULT_TIMES,
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

export class SqliteIdempotencyStore implements IdempotencyStore {
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
      release: db.prepare('DELETE FROM idempotency_records WHERE account_id = ? AND key = ? AND status IS NULL'),
      sweep: db.prepare('DELETE FROM idempotency_records WHERE created_at <= ?'),
    };
    const tx = db.transaction((accountId: string, key: string, fingerprint: string, now: number): BeginResult => {
      const row = this.stmts.get.get(accountId, key) as Row | undefined;
      if (row) {
        const record: IdempotencyRecord = {
          fingerprint: row.fingerprint,
          response: row.response === null ? null : { status: row.status!, ...JSON.parse(row.response) },
          createdAt: row.created_at,
        };
        if (!isStale(record, now, this.times)) return { claimed: false, record };
      }
      this.stmts.upsert.run(accountId, key, fingerprint, now);
      return { claimed: true };
    });
    this.claim = (...args) => tx.immediate(...args);
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
