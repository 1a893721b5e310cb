// The stub's one SQLite database (better-sqlite3). WAL with synchronous=NORMAL: a committed write
// is in the WAL file before the response is sent, so it survives a restart or `kill -9` (only an OS
// crash could lose the last commits). Migrations run at start-up.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = BetterSqlite3.Database;

// Same API, two builds: better-sqlite3 12 (compiled from source) aborts the process on Node 24
// when a statement is garbage-collected (its ObjectWrap cleanup hook), and 13 (Node-API, prebuilt
// binaries) needs Node 22 or later and crashes on Node 20. `better-sqlite3-napi` is 13 under an alias.
const nodeMajor = Number(process.versions.node.split('.')[0]);
const Database = createRequire(import.meta.url)(nodeMajor >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3') as typeof BetterSqlite3;

/** How long a statement waits for another connection's write lock before SQLITE_BUSY (a 503). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (and migrates) the file. `busyTimeoutMs` bounds the wait for a lock another process holds;
 * better-sqlite3 is synchronous, so the wait blocks this process — keep it short.
 */
export function openDatabase(file: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
  migrate(db);
  return db;
}

/**
 * Runs a function in one IMMEDIATE transaction of `db`: the write lock is taken before the first read,
 * so processes sharing the file queue (busy_timeout) instead of reading a snapshot another's commit
 * makes stale (SQLITE_BUSY_SNAPSHOT); nested calls are savepoints. Built once per store, since
 * better-sqlite3 builds a wrapper per `db.transaction`.
 */
export function immediateTransactions(db: Db): <R>(fn: () => R) => R {
  const run = db.transaction((fn: () => unknown) => fn());
  return <R>(fn: () => R) => run.immediate(fn) as R;
}

function migrate(db: Db) {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  MIGRATIONS.forEach((sql, i) => {
    const version = i + 1;
    if (applied.has(version)) return;
    db.transaction(() => {
      db.exec(sql);
      record.run(version, new Date().toISOString());
    })();
  });
}
