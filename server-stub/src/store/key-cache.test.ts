// The key cache authentication reads through (ApiKeyStore.findForAuth): keyed by a salted digest
// of the secret, never the secret; valid only while `store_versions.auth` stays put, which triggers move on in the
// same transaction as any change to a key (but its last_used_at) or to an account — whichever
// connection makes it. Two connections to one file stand for two stub processes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../middleware/auth/authenticate.js';
import { legacyHash, secretHasher } from '../middleware/auth/secrets.js';
import { newAccount } from '../seed.js';
import { AccountStore } from './accounts.js';
import { ApiKeyStore } from './api-keys.js';
import { type Db, openDatabase } from './db.js';

const PEPPER = 'pepper-for-the-key-cache-tests-000000000';
const ACCOUNT = 'acct_cache0000000000000000000';

/** One "process": its own connection and stores on the shared file. */
function open(file: string) {
  const db = openDatabase(file);
  return { db, keys: new ApiKeyStore(db, secretHasher(PEPPER)), accounts: new AccountStore(db) };
}
type Proc = ReturnType<typeof open>;

function twoProcesses(): [Proc, Proc] {
  const file = join(mkdtempSync(join(tmpdir(), 'stub-key-cache-')), 'stub.sqlite');
  const a = open(file);
  a.accounts.insert(newAccount({ id: ACCOUNT, email: 'a@example.com', company_name: 'A' }, new Date()));
  return [a, open(file)];
}

const version = (db: Db) => db.prepare("SELECT value FROM store_versions WHERE name = 'auth'").pluck().get() as number;
const auth = (p: Proc, secret: string) => authenticate(p, secret, Date.now());
/** How many times the key's row was read from the file (the statement behind a cache miss). */
function countReads(p: Proc): () => number {
  let reads = 0;
  const original = p.accounts.get.bind(p.accounts);
  p.accounts.get = (id) => {
    reads++;
    return original(id);
  };
  return () => reads;
}

describe('key cache', () => {
  it('serves a key from the cache while nothing changes, keyed by a digest, never the secret', () => {
    const [a] = twoProcesses();
    const { secret, key } = a.keys.create(ACCOUNT, 'test', { name: 'k', scopes: ['account:read'] }, new Date());
    const reads = countReads(a);
    expect(auth(a, secret).stored.key.id).toBe(key.id);
    expect(auth(a, secret).stored.key.id).toBe(key.id);
    expect(auth(a, secret).account.id).toBe(ACCOUNT);
    expect(reads()).toBe(1);
    const cache = (a.keys as unknown as { cache: Map<string, { digest: Buffer }> }).cache;
    expect(cache.size).toBe(1);
    const [[id, entry]] = [...cache];
    const held = `${id} ${entry.digest.toString('latin1')} ${JSON.stringify(entry)}`;
    expect(held).not.toContain(secret);
    expect(held).not.toContain(secret.slice(8));
    expect(held).toContain(a.keys.hash(secret)); // the stored HMAC, as the file holds it
    // The cached account is shared by requests: nothing may change it in place.
    expect(() => {
      (auth(a, secret).account as { balance: { amount: number } }).balance.amount = 0;
    }).toThrow(TypeError);
  });

  // given: a change made by the other process; want: what this process's next authentication sees.
  const changes: Array<{
    change: string;
    run: (b: Proc, id: string, secret: string) => string | undefined;
    want: 'refused' | 'new secret' | 'changed';
  }> = [
    {
      change: 'revoked',
      run: (b, id) => {
        const stored = b.keys.get(ACCOUNT, id)!;
        b.keys.save(ACCOUNT, { ...stored.key, revoked_at: new Date().toISOString() }, stored.secretHash);
        return undefined;
      },
      want: 'refused',
    },
    { change: 'rotated', run: (b, id) => b.keys.rotate(b.keys.get(ACCOUNT, id)!).secret, want: 'new secret' },
    {
      change: 'scopes narrowed',
      run: (b, id) => {
        const stored = b.keys.get(ACCOUNT, id)!;
        b.keys.save(ACCOUNT, { ...stored.key, scopes: [] }, stored.secretHash);
        return undefined;
      },
      want: 'changed',
    },
    {
      change: 'deleted',
      run: (b, id) => {
        b.db.prepare('DELETE FROM api_keys WHERE id = ?').run(id);
        return undefined;
      },
      want: 'refused',
    },
  ];
  it.each(changes)('a key $change by another process is seen on the next request', ({ run, want }) => {
    const [a, b] = twoProcesses();
    const { secret, key } = a.keys.create(ACCOUNT, 'test', { name: 'k', scopes: ['account:read'] }, new Date());
    expect(auth(a, secret).stored.key.scopes).toEqual(['account:read']); // cached now
    const before = version(a.db);
    const newSecret = run(b, key.id, secret);
    expect(version(a.db)).toBeGreaterThan(before);
    if (want === 'changed') {
      expect(auth(a, secret).stored.key.scopes).toEqual([]);
      return;
    }
    expect(() => auth(a, secret)).toThrow(expect.objectContaining({ status: 401 }));
    if (want === 'new secret') expect(auth(a, newSecret!).stored.key.id).toBe(key.id);
  });

  it("sees another process's change to the account (its allowlist, its balance) on the next request", () => {
    const [a, b] = twoProcesses();
    const { secret } = a.keys.create(ACCOUNT, 'test', { name: 'k', scopes: [] }, new Date());
    expect(auth(a, secret).account.ip_allowlist).toEqual([]);
    const account = b.accounts.get(ACCOUNT)!;
    account.ip_allowlist = [{ value: '10.0.0.1', description: null, created_at: new Date().toISOString() }];
    account.balance.amount = 7;
    b.accounts.save(account);
    expect(auth(a, secret).account.ip_allowlist.map((e) => e.value)).toEqual(['10.0.0.1']);
    expect(auth(a, secret).account.balance.amount).toBe(7);
  });

  it('does not move the version for last_used_at (recorded at most once a second per key)', () => {
    const [a, b] = twoProcesses();
    const { key } = a.keys.create(ACCOUNT, 'test', { name: 'k', scopes: [] }, new Date());
    const before = version(a.db);
    b.keys.touch(key.id, new Date().toISOString());
    expect(version(a.db)).toBe(before);
    expect(b.keys.get(ACCOUNT, key.id)!.key.last_used_at).not.toBeNull();
  });

  it('moves the version in the same transaction as the change: a rolled-back revocation leaves both', () => {
    const [a, b] = twoProcesses();
    const { secret, key } = a.keys.create(ACCOUNT, 'test', { name: 'k', scopes: [] }, new Date());
    auth(a, secret);
    const before = version(a.db);
    expect(() =>
      b.db.transaction(() => {
        const stored = b.keys.get(ACCOUNT, key.id)!;
        b.keys.save(ACCOUNT, { ...stored.key, revoked_at: new Date().toISOString() }, stored.secretHash);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(version(a.db)).toBe(before);
    expect(auth(a, secret).stored.key.revoked_at).toBeNull();
  });

  it('caches no unknown secret, and upgrades a pre-pepper row once', () => {
    const [a] = twoProcesses();
    const cache = (a.keys as unknown as { cache: Map<string, unknown> }).cache;
    expect(() => auth(a, `pl_test_${'Z'.repeat(40)}`)).toThrow(expect.objectContaining({ status: 401 }));
    expect(cache.size).toBe(0);
    const secret = `pl_test_${'L'.repeat(40)}`;
    a.db
      .prepare("INSERT INTO api_keys (id, account_id, secret_hash, seq, data) VALUES ('key_old', ?, ?, 1, ?)")
      .run(
        ACCOUNT,
        legacyHash(secret),
        JSON.stringify({ id: 'key_old', scopes: [], revoked_at: null, expires_at: null, last_used_at: null }),
      );
    expect(auth(a, secret).stored.key.id).toBe('key_old');
    expect(a.db.prepare("SELECT secret_hash FROM api_keys WHERE id = 'key_old'").pluck().get()).toBe(a.keys.hash(secret));
    expect(auth(a, secret).stored.secretHash).toBe(a.keys.hash(secret));
  });

  it('keeps at most CACHE_SIZE keys', () => {
    const [a] = twoProcesses();
    const size = ApiKeyStore.CACHE_SIZE;
    (ApiKeyStore as unknown as { CACHE_SIZE: number }).CACHE_SIZE = 3;
    try {
      const secrets = Array.from({ length: 5 }, () => a.keys.create(ACCOUNT, 'test', { name: 'k', scopes: [] }, new Date()).secret);
      for (const s of secrets) auth(a, s);
      expect((a.keys as unknown as { cache: Map<string, unknown> }).cache.size).toBe(3);
      for (const s of secrets) expect(auth(a, s).account.id).toBe(ACCOUNT);
    } finally {
      (ApiKeyStore as unknown as { CACHE_SIZE: number }).CACHE_SIZE = size;
    }
  });
});
