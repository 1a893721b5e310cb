// Stored secrets are HMACs under the server's pepper: the same secret under another pepper is not
// found, the database never holds the secret or its plain SHA-256, a row written before the pepper
// is found once and rewritten, and a database file keeps the pepper it generated.
import { describe, expect, it } from 'vitest';
import { legacyHash, secretHasher } from '../middleware/auth/secrets.js';
import { ApiKeyStore } from './api-keys.js';
import { openDatabase } from './db.js';
import { keyPepper } from './settings.js';

const PEPPER = 'pepper-one-of-at-least-32-characters-00';
const account = (db: ReturnType<typeof openDatabase>) => db.prepare("INSERT INTO accounts (id, data) VALUES ('acct_x', '{}')").run();

describe('API key secrets at rest', () => {
  it('stores an HMAC under the pepper, never the secret or its plain SHA-256', () => {
    const db = openDatabase(':memory:');
    account(db);
    const keys = new ApiKeyStore(db, secretHasher(PEPPER));
    const { secret, key } = keys.create('acct_x', 'test', { name: 'k', scopes: [] }, new Date());
    const rows = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    expect(rows).not.toContain(secret);
    expect(rows).not.toContain(legacyHash(secret));
    expect(rows).toContain(secretHasher(PEPPER)(secret));
    expect(keys.findBySecret(secret)?.key.id).toBe(key.id);
    // The same file read with another pepper knows no key: a copied database checks no guess.
    expect(new ApiKeyStore(db, secretHasher('pepper-two-of-at-least-32-characters-00')).findBySecret(secret)).toBeUndefined();
  });

  it('finds a key stored before the pepper by its SHA-256 once, and rewrites it', () => {
    const db = openDatabase(':memory:');
    account(db);
    const secret = `pl_test_${'A'.repeat(40)}`;
    db.prepare(
      "INSERT INTO api_keys (id, account_id, secret_hash, seq, data) VALUES ('key_old', 'acct_x', ?, 1, '{\"id\":\"key_old\"}')",
    ).run(legacyHash(secret));
    const keys = new ApiKeyStore(db, secretHasher(PEPPER));
    expect(keys.findBySecret(secret)?.key.id).toBe('key_old');
    expect(db.prepare('SELECT secret_hash FROM api_keys').pluck().get()).toBe(secretHasher(PEPPER)(secret));
    expect(keys.findBySecret(secret)?.secretHash).toBe(secretHasher(PEPPER)(secret));
  });

  it('uses STUB_KEY_PEPPER when set, else the pepper the database generated once', () => {
    const db = openDatabase(':memory:');
    expect(keyPepper(db, PEPPER)).toBe(PEPPER);
    const own = keyPepper(db, undefined);
    expect(own).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyPepper(db, undefined)).toBe(own);
    expect(keyPepper(openDatabase(':memory:'), undefined)).not.toBe(own);
  });
});
