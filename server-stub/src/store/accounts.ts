// Accounts: profile, balance, spend cap and the account IP allowlist, one JSON document each.
import type { components } from '../../../generated/schema.js';
import type { Db } from './db.js';

type Money = components['schemas']['Money'];
export type IpAllowlistEntry = components['schemas']['IpAllowlist']['entries'][number];

export interface AccountRecord {
  id: string;
  email: string;
  company_name: string;
  balance: Money;
  minutes_balance: number;
  monthly_usage_minutes: number;
  monthly_spend: Money;
  monthly_spend_cap: Money | null;
  ip_allowlist: IpAllowlistEntry[];
  ip_allowlist_updated_at: string | null;
  created_at: string;
}

export class AccountStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare('SELECT data FROM accounts WHERE id = ?').pluck(),
      insert: db.prepare('INSERT INTO accounts (id, data) VALUES (?, ?)'),
      update: db.prepare('UPDATE accounts SET data = ? WHERE id = ?'),
      count: db.prepare('SELECT COUNT(*) FROM accounts').pluck(),
    };
  }

  get(id: string): AccountRecord | undefined {
    const row = this.stmts.get.get(id) as string | undefined;
    return row === undefined ? undefined : JSON.parse(row);
  }

  insert(account: AccountRecord): void {
    this.stmts.insert.run(account.id, JSON.stringify(account));
  }

  save(account: AccountRecord): void {
    this.stmts.update.run(JSON.stringify(account), account.id);
  }

  count(): number {
    return this.stmts.count.get() as number;
  }
}
