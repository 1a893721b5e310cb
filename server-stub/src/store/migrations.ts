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
  // 5: what the hot path reads instead of scanning (README "Profile"):
  // - `store_versions.auth` moves on in the same transaction as any change to an account or to a
  //   key (create, revoke, rotate, scopes, allowed IPs, expiry, rehash, delete; not a key's
  //   last_used_at): every process caches keys by their HMAC, with their accounts, and drops that
  //   cache when the version it reads has moved (store/api-keys.ts findForAuth).
  // - `resource_counts` holds the account's live totals per (kind, status) for numbers, agents and
  //   calls, kept by triggers in the same statement as the row's change, backfilled here; each
  //   change moves `store_versions.counts` on (ResourceStore caches the totals it read per version).
  `
  CREATE TABLE store_versions (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO store_versions (name, value) VALUES ('auth', 1), ('counts', 1);
  CREATE TRIGGER api_keys_version_insert AFTER INSERT ON api_keys BEGIN
    UPDATE store_versions SET value = value + 1 WHERE name = 'auth';
  END;
  CREATE TRIGGER api_keys_version_delete AFTER DELETE ON api_keys BEGIN
    UPDATE store_versions SET value = value + 1 WHERE name = 'auth';
  END;
  CREATE TRIGGER api_keys_version_update AFTER UPDATE ON api_keys
  WHEN OLD.id IS NOT NEW.id OR OLD.account_id IS NOT NEW.account_id OR OLD.secret_hash IS NOT NEW.secret_hash
    OR json_remove(OLD.data, '$.last_used_at') IS NOT json_remove(NEW.data, '$.last_used_at')
  BEGIN
    UPDATE store_versions SET value = value + 1 WHERE name = 'auth';
  END;
  CREATE TRIGGER accounts_version_insert AFTER INSERT ON accounts BEGIN
    UPDATE store_versions SET value = value + 1 WHERE name = 'auth';
  END;
  CREATE TRIGGER accounts_version_delete AFTER DELETE ON accounts BEGIN
    UPDATE store_versions SET value = value + 1 WHERE name = 'auth';
  END;
  CREATE TRIGGER accounts_version_update AFTER UPDATE ON accounts BEGIN
    UPDATE store_versions SET value = value + 1 WHERE name = 'auth';
  END;

  CREATE TABLE resource_counts (
    account_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (account_id, kind, status)
  ) WITHOUT ROWID;
  INSERT INTO resource_counts (account_id, kind, status, n)
    SELECT account_id, kind, COALESCE(json_extract(data, '$.status'), ''), COUNT(*) FROM resources
    WHERE kind IN ('number', 'agent', 'call') GROUP BY 1, 2, 3;
  CREATE TRIGGER resource_counts_insert AFTER INSERT ON resources
  WHEN NEW.kind IN ('number', 'agent', 'call')
  BEGIN
    INSERT INTO resource_counts (account_id, kind, status, n)
      VALUES (NEW.account_id, NEW.kind, COALESCE(json_extract(NEW.data, '$.status'), ''), 1)
      ON CONFLICT (account_id, kind, status) DO UPDATE SET n = n + 1;
    UPDATE store_versions SET value = value + 1 WHERE name = 'counts';
  END;
  CREATE TRIGGER resource_counts_delete AFTER DELETE ON resources
  WHEN OLD.kind IN ('number', 'agent', 'call')
  BEGIN
    UPDATE resource_counts SET n = n - 1
      WHERE account_id = OLD.account_id AND kind = OLD.kind AND status = COALESCE(json_extract(OLD.data, '$.status'), '');
    UPDATE store_versions SET value = value + 1 WHERE name = 'counts';
  END;
  CREATE TRIGGER resource_counts_update AFTER UPDATE ON resources
  WHEN (OLD.kind IN ('number', 'agent', 'call') OR NEW.kind IN ('number', 'agent', 'call'))
    AND (OLD.account_id IS NOT NEW.account_id OR OLD.kind IS NOT NEW.kind
      OR json_extract(OLD.data, '$.status') IS NOT json_extract(NEW.data, '$.status'))
  BEGIN
    UPDATE resource_counts SET n = n - 1
      WHERE OLD.kind IN ('number', 'agent', 'call')
        AND account_id = OLD.account_id AND kind = OLD.kind AND status = COALESCE(json_extract(OLD.data, '$.status'), '');
    INSERT INTO resource_counts (account_id, kind, status, n)
      SELECT NEW.account_id, NEW.kind, COALESCE(json_extract(NEW.data, '$.status'), ''), 1
      WHERE NEW.kind IN ('number', 'agent', 'call')
      ON CONFLICT (account_id, kind, status) DO UPDATE SET n = n + 1;
    UPDATE store_versions SET value = value + 1 WHERE name = 'counts';
  END;
  `,
  // 6: documents by status (ResourceStore.withStatus), so that finding the few documents still
  // pending (queued messages, queued or ringing calls) reads those, not every document of the kind.
  `
  CREATE INDEX resources_by_status ON resources(account_id, kind, json_extract(data, '$.status'));
  `,
];
