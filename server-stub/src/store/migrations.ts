// Schema migrations, applied in order once each (append only; never edit a shipped one).
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    secret_hash TEXT NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX api_keys_by_account ON api_keys(account_id, seq DESC);
  CREATE TABLE resources (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, id)
  );
  CREATE INDEX resources_by_kind ON resources(account_id, kind, seq DESC);
  CREATE TABLE sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `,
  // 2: rate-limit windows (middleware/limits/sqlite-store.ts) and idempotency records
  // (middleware/idempotency/sqlite-store.ts).
  `
  CREATE TABLE rate_limit_hits (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX rate_limit_hits_by_key ON rate_limit_hits(key, at);
  CREATE TABLE idempotency_records (
    account_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
  );
  CREATE INDEX idempotency_records_by_age ON idempotency_records(created_at);
  `,
];
