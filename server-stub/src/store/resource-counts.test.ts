// The live totals getAccount and the active-calls limit read (ResourceStore.counts): kept by triggers
// in the same statement as every insert, update and delete of a number, agent or call, so they always
// equal a scan of the rows — whatever the sequence of writes, whichever connection makes them — and
// backfilled by the migration that added them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type Db, openDatabase } from './db.js';
import { MIGRATIONS } from './migrations.js';
import { COUNTED_KINDS, ResourceStore } from './resources.js';

const ACCOUNTS = ['acct_a', 'acct_b'];
const KINDS = [...COUNTED_KINDS, 'contact'] as const;
const STATUSES = ['active', 'inactive', 'released', 'queued', 'in_progress', 'completed', undefined] as const;

function withAccounts(db: Db): Db {
  for (const id of ACCOUNTS) db.prepare("INSERT OR IGNORE INTO accounts (id, data) VALUES (?, '{}')").run(id);
  return db;
}

/** What the totals must be: a scan of every row. */
function scanned(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  const rows = db.prepare('SELECT account_id, kind, data FROM resources').all() as Array<{
    account_id: string;
    kind: string;
    data: string;
  }>;
  for (const r of rows) {
    if (!(COUNTED_KINDS as readonly string[]).includes(r.kind)) continue;
    const key = `${r.account_id}/${r.kind}/${JSON.parse(r.data).status ?? ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** What the store says, without zero entries. */
function counted(store: ResourceStore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const account of ACCOUNTS)
    for (const kind of COUNTED_KINDS)
      for (const [status, n] of Object.entries(store.counts(account, kind))) if (n !== 0) out[`${account}/${kind}/${status}`] = n;
  return out;
}

const op = fc.record({
  what: fc.constantFrom('insert', 'put', 'remove'),
  account: fc.constantFrom(...ACCOUNTS),
  kind: fc.constantFrom(...KINDS),
  id: fc.integer({ min: 1, max: 6 }),
  status: fc.constantFrom(...STATUSES),
  /** Which of the two connections makes the write. */
  via: fc.integer({ min: 0, max: 1 }),
});

describe('resource counts', () => {
  test.prop([fc.array(op, { maxLength: 60 })], { numRuns: 40 })(
    'equal a scan of the rows after any sequence of inserts, updates and deletes, from either connection',
    (ops) => {
      const file = join(mkdtempSync(join(tmpdir(), 'stub-counts-')), 'stub.sqlite');
      const dbs = [withAccounts(openDatabase(file)), openDatabase(file)];
      const stores = dbs.map((db) => new ResourceStore(db));
      try {
        for (const o of ops) {
          const store = stores[o.via];
          const id = `${o.kind}_${o.id}`;
          const doc = { id, ...(o.status === undefined ? {} : { status: o.status }), note: 'x' };
          const exists = store.get(o.account, o.kind, id) !== undefined;
          if (o.what === 'insert' && !exists) store.insert(o.account, o.kind, doc);
          else if (o.what === 'put') store.put(o.account, o.kind, doc);
          else if (o.what === 'remove') store.remove(o.account, o.kind, id);
        }
        expect(counted(stores[0])).toEqual(scanned(dbs[0]));
        expect(counted(stores[1])).toEqual(scanned(dbs[1]));
      } finally {
        for (const db of dbs) db.close();
      }
    },
  );

  it('roll back with the write that moved them', () => {
    const db = withAccounts(openDatabase(':memory:'));
    const store = new ResourceStore(db);
    store.insert('acct_a', 'agent', { id: 'agt_1', status: 'active' });
    expect(() =>
      store.transaction(() => {
        store.put('acct_a', 'agent', { id: 'agt_1', status: 'inactive' });
        store.insert('acct_a', 'agent', { id: 'agt_2', status: 'active' });
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(store.counts('acct_a', 'agent')).toEqual({ active: 1 });
  });

  it('are backfilled from the rows by the migration that adds them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stub-counts-')), 'stub.sqlite');
    // A file as the stub left it before migration 5: the first four applied, resources written.
    const old = new (openDatabase(':memory:').constructor as new (f: string) => Db)(file);
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    MIGRATIONS.slice(0, 4).forEach((sql, i) => {
      old.exec(sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(i + 1, new Date().toISOString());
    });
    withAccounts(old);
    const insert = old.prepare('INSERT INTO resources (account_id, kind, id, seq, data) VALUES (?, ?, ?, ?, ?)');
    const rows: Array<[string, string, string | undefined]> = [
      ['acct_a', 'number', 'active'],
      ['acct_a', 'number', 'released'],
      ['acct_a', 'agent', 'active'],
      ['acct_a', 'agent', 'active'],
      ['acct_b', 'call', 'in_progress'],
      ['acct_b', 'call', 'completed'],
      ['acct_b', 'contact', undefined],
    ];
    rows.forEach(([account, kind, status], i) => {
      insert.run(account, kind, `id_${i}`, i + 1, JSON.stringify({ id: `id_${i}`, status }));
    });
    old.close();

    const db = openDatabase(file);
    const store = new ResourceStore(db);
    expect(counted(store)).toEqual(scanned(db));
    expect(store.allCounts('acct_a')).toEqual({ number: { active: 1, released: 1 }, agent: { active: 2 }, call: {} });
    expect(db.prepare("SELECT value FROM store_versions WHERE name = 'auth'").pluck().get()).toBe(1);
  });
});
