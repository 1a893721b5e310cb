// API keys: looked up by secret hash (unique index, HMAC under the pepper); listed per account. A row
// still holding the pre-pepper SHA-256 is found by it once and rewritten.
//
// Authentication reads keys, with their accounts, through a per-process cache keyed by a salted
// SHA-256 of the secret (never the secret; the salt is random per process and kept nowhere else; a
// one-shot hash costs a quarter of the HMAC, which a miss then computes for the index probe and the
// constant-time comparison against the stored hash), valid for one value of `store_versions.auth`: triggers (store/migrations.ts,
// 5) move it on in the same transaction as any change to an account or to a key (but a key's
// last_used_at), in this process or any other on the file. Every lookup reads the version first (one
// primary-key read) and drops the cache when it has moved, so a revoked or rotated key is refused,
// and an account's new allowlist or balance seen, by every process from its next request on.

import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { components } from '../../../generated/schema.js';
import { newId } from '../ids.js';
import { hashesEqual, type KeyMode, legacyHash, modeOf, newSecret, secretPrefix } from '../middleware/auth/secrets.js';
import type { AccountRecord, AccountStore } from './accounts.js';
import type { Db } from './db.js';
import { unavailableStore } from './unavailable.js';

export type ApiKey = components['schemas']['ApiKey'];
export type Scope = components['schemas']['ApiKeyScope'];

export interface StoredKey {
  accountId: string;
  secretHash: string;
  key: ApiKey;
}

/** A key as authentication sees it: with its account, as of the last change to either. */
export interface KeyWithAccount {
  stored: StoredKey;
  account: AccountRecord;
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
      version: db.prepare(`SELECT value FROM store_versions WHERE name = 'auth'`).pluck(),
    };
  }

  /** Keys found by authentication, by lookup digest, valid while the version is `cachedVersion`. */
  private readonly cache = new Map<string, { digest: Buffer; found: KeyWithAccount }>();
  private readonly cacheSalt = randomBytes(32).toString('base64');
  private cachedVersion: unknown;
  /** At most this many keys are cached (the oldest go first); unknown secrets are never cached. */
  static readonly CACHE_SIZE = 10_000;

  /**
   * The key of a secret and its account as of now, for authentication: from the cache when no key
   * or account has changed anywhere since they were read, else from the file (the HMAC's index
   * probe, then a constant-time comparison of the stored hash). Both ways end in a constant-time
   * comparison. Cached objects are shared by this process's requests: the account is frozen, the
   * key is only ever updated by touchKey (its last_used_at).
   */
  findForAuth(secret: string, accounts: AccountStore): KeyWithAccount | undefined {
    const { digest, found } = this.cachedForAuth(secret);
    return found ?? this.loadForAuth(secret, digest, accounts);
  }

  /**
   * The cache's answer alone (one version read, one digest, one map probe): `found` when the key is
   * cached (revoked and expired keys too: the caller decides), else the digest to load it with.
   */
  cachedForAuth(secret: string): { digest: Buffer; found?: KeyWithAccount } {
    const version = this.stmts.version.get();
    if (version !== this.cachedVersion) {
      this.cache.clear();
      this.cachedVersion = version;
    }
    const digest = hash('sha256', this.cacheSalt + secret, 'buffer') as unknown as Buffer;
    const cached = this.cache.get(digest.toString('base64'));
    return cached && timingSafeEqual(cached.digest, digest) ? { digest, found: cached.found } : { digest };
  }

  /** The key of a secret from the file (HMAC, index probe, constant-time comparison), cached under `digest`. */
  loadForAuth(secret: string, digest: Buffer, accounts: AccountStore): KeyWithAccount | undefined {
    const secretHash = this.hash(secret);
    const stored = ApiKeyStore.row(this.stmts.byHash.get(secretHash)) ?? this.upgradeLegacy(secret, secretHash);
    if (!stored || !hashesEqual(stored.secretHash, secretHash)) return undefined;
    const account = accounts.get(stored.accountId);
    if (!account) return undefined;
    const found = { stored, account: deepFreeze(account) };
    // A rehash above moved the version on: the next lookup starts a fresh cache anyway.
    if (this.cache.size >= ApiKeyStore.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(digest.toString('base64'), { digest, found });
    return found;
  }

  private static row(row: any): StoredKey | undefined {
    return row ? { accountId: row.account_id, secretHash: row.secret_hash, key: JSON.parse(row.data) } : undefined;
  }

  findBySecret(secret: string): StoredKey | undefined {
    const hash = this.hash(secret);
    return ApiKeyStore.row(this.stmts.byHash.get(hash)) ?? this.upgradeLegacy(secret, hash);
  }

  /** A row still holding the pre-pepper SHA-256 of `secret`, rewritten to `hash`. */
  private upgradeLegacy(secret: string, hash: string): StoredKey | undefined {
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

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
