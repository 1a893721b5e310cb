// Test support for handler tests: an in-memory database with the real stores, accounts, keys and
// a RequestContext per call (one clock, ctx.emit wired to recordEvent as the pipeline wires it).
import { loadSpec } from '../../../../openapi/tools/spec.js';
import type { RequestContext, Stores } from '../../context.js';
import { newId } from '../../ids.js';
import { AccountStore, type AccountRecord } from '../../store/accounts.js';
import { ApiKeyStore, type ApiKey } from '../../store/api-keys.js';
import { openDatabase, type Db } from '../../store/db.js';
import { ResourceStore } from '../../store/resources.js';
import { loadTestValues } from '../../test-mode.js';
import { seedNumbers } from '../numbers.js';
import { recordEvent } from '../webhooks.js';

export const T0 = new Date('2026-11-20T09:40:00Z');

export interface AccountOptions {
  /** Balance in cents (default 10 000). */
  balance?: number;
  /** Monthly spend cap in cents, null for none (default). */
  spendCap?: number | null;
  monthlySpend?: number;
}

export interface World {
  db: Db;
  stores: Stores;
  /** The clock every new context uses; move it with `advance`. */
  now: Date;
  advance(ms: number): void;
  /** Creates an account with its seeded number and one key per mode. */
  addAccount(options?: AccountOptions): string;
  /** A fresh context for one request of `accountId` (default: the first account). */
  ctx(mode?: 'live' | 'test', accountId?: string): RequestContext;
  account(accountId?: string): AccountRecord;
}

export function createWorld(options: AccountOptions = {}): World {
  loadTestValues(loadSpec() as any);
  const db = openDatabase(':memory:');
  const stores: Stores = { accounts: new AccountStore(db), keys: new ApiKeyStore(db), resources: new ResourceStore(db) };
  const keys = new Map<string, { live: ApiKey; test: ApiKey }>();
  let first: string | undefined;

  const world: World = {
    db,
    stores,
    now: T0,
    advance(ms) {
      world.now = new Date(world.now.getTime() + ms);
    },
    addAccount(opts = {}) {
      const id = newId('acct');
      const at = world.now.toISOString();
      stores.accounts.insert({
        id,
        email: `owner+${id}@acme.example`,
        company_name: 'Acme Dental',
        balance: { amount: opts.balance ?? 10_000, currency: 'USD' },
        minutes_balance: 0,
        monthly_usage_minutes: 0,
        monthly_spend: { amount: opts.monthlySpend ?? 0, currency: 'USD' },
        monthly_spend_cap: opts.spendCap == null ? null : { amount: opts.spendCap, currency: 'USD' },
        ip_allowlist: [],
        ip_allowlist_updated_at: at,
        created_at: at,
      });
      seedNumbers(stores, id, world.now);
      const make = (mode: 'live' | 'test') => stores.keys.create(id, mode, { name: `${mode} key`, scopes: [] }, world.now).key;
      keys.set(id, { live: make('live'), test: make('test') });
      first ??= id;
      return id;
    },
    account(accountId = first!) {
      return stores.accounts.get(accountId)!;
    },
    ctx(mode = 'test', accountId = first!) {
      const now = world.now;
      return {
        requestId: newId('req'),
        now,
        account: world.account(accountId),
        apiKey: keys.get(accountId)![mode],
        mode,
        clientIp: '127.0.0.1',
        stores,
        emit: (type, object) => {
          recordEvent(stores, accountId, type, object, now);
        },
      };
    },
  };
  world.addAccount(options);
  return world;
}
