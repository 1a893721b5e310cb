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
  // 3: the webhook delivery log (webhooks/attempt-store.ts): one row per attempt to POST an event to
  // an endpoint. `attempt` counts every attempt at the event for the endpoint (1…n, redeliveries
  // continue it); `attempt_in_chain` restarts at 1 for each redelivery and picks the retry delay.
  `
  CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    attempt INTEGER NOT NULL CHECK (attempt >= 1),
    attempt_in_chain INTEGER NOT NULL CHECK (attempt_in_chain >= 1),
    status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'succeeded', 'failed')),
    response_status INTEGER,
    error TEXT,
    scheduled_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX webhook_attempts_due ON webhook_attempts(status, scheduled_at);
  CREATE INDEX webhook_attempts_by_endpoint ON webhook_attempts(account_id, endpoint_id, created_at);
  CREATE INDEX webhook_attempts_by_event ON webhook_attempts(endpoint_id, event_id, attempt);
  `,
  // 4: server settings (the key pepper generated for a loopback stub without STUB_KEY_PEPPER).
  `
  CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];
