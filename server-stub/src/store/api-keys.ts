// API keys: looked up by secret hash (unique index, HMAC under the pepper) on every request; listed
// per account. A row still holding the pre-pepper SHA-256 is found by it once and rewritten.
import type { components } from '../../../generated/schema.js';
import { newId } from '../ids.js';
import { type KeyMode, legacyHash, modeOf, newSecret, secretPrefix } from '../middleware/auth/secrets.js';
import type { Db } from './db.js';
import { unavailableStore } from './unavailable.js';

export type ApiKey = components['schemas']['ApiKey'];
export type Scope = components['schemas']['ApiKeyScope'];

export interface StoredKey {
  accountId: string;
  secretHash: string;
  key: ApiKey;
}

export interface NewKey {
  name: string;
  scopes: Scope[];
  allowed_ips?: string[];
  expires_at?: string | null;
}

export class ApiKeyStore {
  private readonly stmts;

  /** `hash`: the stored form of a secret (secrets.ts secretHasher under the server's pepper). */
  constructor(
    private readonly db: Db,
    readonly hash: (secret: string) => string,
  ) {
    this.stmts = {
      rehash: db.prepare('UPDATE api_keys SET secret_hash = ? WHERE secret_hash = ?'),
      byHash: db.prepare('SELECT account_id, secret_hash, data FROM api_keys WHERE secret_hash = ?'),
      byId: db.prepare('SELECT account_id, secret_hash, data FROM api_keys WHERE account_id = ? AND id = ?'),
      byAccount: db.prepare('SELECT data FROM api_keys WHERE account_id = ? ORDER BY seq DESC').pluck(),
      insert: db.prepare(
        `INSERT INTO api_keys (id, account_id, secret_hash, seq, data)
         VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM api_keys), ?)`,
      ),
      update: db.prepare('UPDATE api_keys SET data = ?, secret_hash = ? WHERE account_id = ? AND id = ?'),
      touch: db.prepare(`UPDATE api_keys SET data = json_set(data, '$.last_used_at', ?) WHERE id = ?`),
    };
  }

  private static row(row: any): StoredKey | undefined {
    return row ? { accountId: row.account_id, secretHash: row.secret_hash, key: JSON.parse(row.data) } : undefined;
  }

  findBySecret(secret: string): StoredKey | undefined {
    const hash = this.hash(secret);
    const found = ApiKeyStore.row(this.stmts.byHash.get(hash));
    if (found) return found;
    const legacy = ApiKeyStore.row(this.stmts.byHash.get(legacyHash(secret)));
    if (!legacy) return undefined;
    this.stmts.rehash.run(hash, legacy.secretHash);
    return { ...legacy, secretHash: hash };
  }

  get(accountId: string, id: string): StoredKey | undefined {
    return ApiKeyStore.row(this.stmts.byId.get(accountId, id));
  }

  list(accountId: string): ApiKey[] {
    return (this.stmts.byAccount.all(accountId) as string[]).map((d) => JSON.parse(d));
  }

  /** Creates a key; the secret is returned here once and never stored. `secret` is for seeding. */
  create(accountId: string, mode: KeyMode, input: NewKey, now: Date, secret = newSecret(mode)): { key: ApiKey; secret: string } {
    const key: ApiKey = {
      id: newId('key'),
      object: 'api_key',
      name: input.name,
      prefix: secretPrefix(secret),
      mode: modeOf(secret),
      scopes: input.scopes,
      allowed_ips: input.allowed_ips ?? [],
      expires_at: input.expires_at ?? null,
      created_at: now.toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    this.stmts.insert.run(key.id, accountId, this.hash(secret), JSON.stringify(key));
    return { key, secret };
  }

  save(accountId: string, key: ApiKey, secretHash: string): void {
    this.stmts.update.run(JSON.stringify(key), secretHash, accountId, key.id);
  }

  /** New secret for the same key id; the old secret stops working at once. */
  rotate(stored: StoredKey): { key: ApiKey; secret: string } {
    const secret = newSecret(stored.key.mode);
    const key: ApiKey = { ...stored.key, prefix: secretPrefix(secret) };
    this.save(stored.accountId, key, this.hash(secret));
    return { key, secret };
  }

  /**
   * Records a key's use, unless another process holds the write lock right now: then it skips
   * at once instead of waiting busy_timeout, since `last_used_at` is bookkeeping that must not
   * hold up (or fail) a request that may only read.
   */
  touch(id: string, at: string): void {
    const wait = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.stmts.touch.run(at, id);
    } catch (err) {
      if (!unavailableStore(err)) throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${wait}`);
    }
  }
}
