// First-start seeding (ARCHITECTURE.md §7): two accounts, each with its phone number and one all-scopes
// test key whose secret is STUB_ADMIN_KEY / STUB_OTHER_ADMIN_KEY. Idempotent: on every start it
// adds only what is missing, so a changed admin key works after a restart too.
import type { Stores } from './context.js';
import type { AccountRecord } from './store/accounts.js';
import type { Scope } from './store/api-keys.js';
import type { Db } from './store/db.js';

export type SeedNumbers = (stores: Stores, accountId: string, now: Date) => unknown;

/** The first account carries the spec's canonical account id, as the examples show it. */
export const SEED_ACCOUNTS = [
  { id: 'acct_7QmT2vXc9LpR4sWz8KdN1e', email: 'ops@acme.example', company_name: 'Acme Dental' },
  { id: 'acct_2Vb8Nq5Lx1Kp7Tz4Rm9Wd3', email: 'it@globex.example', company_name: 'Globex Clinics' },
] as const;

/** A new account as first start creates it: test-friendly balance, minutes and spend cap. */
export function newAccount(seed: { id: string; email: string; company_name: string }, now: Date): AccountRecord {
  return {
    id: seed.id,
    email: seed.email,
    company_name: seed.company_name,
    balance: { amount: 2500, currency: 'USD' },
    minutes_balance: 500,
    monthly_usage_minutes: 0,
    monthly_spend: { amount: 0, currency: 'USD' },
    monthly_spend_cap: { amount: 50000, currency: 'USD' },
    ip_allowlist: [],
    ip_allowlist_updated_at: now.toISOString(),
    created_at: now.toISOString(),
  };
}

export function seed(
  db: Db,
  stores: Stores,
  options: { secrets: [string, string]; scopes: Scope[]; now: Date; seedNumbers: SeedNumbers },
): void {
  db.transaction(() => {
    SEED_ACCOUNTS.forEach((account, i) => {
      if (!stores.accounts.get(account.id)) {
        stores.accounts.insert(newAccount(account, options.now));
        options.seedNumbers(stores, account.id, options.now);
      }
      const secret = options.secrets[i];
      if (!stores.keys.findBySecret(secret)) {
        stores.keys.create(account.id, 'test', { name: 'Admin key (seeded)', scopes: options.scopes }, options.now, secret);
      }
    });
  })();
}
