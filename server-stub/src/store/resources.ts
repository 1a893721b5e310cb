// Account-scoped JSON documents, one table for every resource kind (agents, calls, campaigns …).
// Every read is by (account, kind, id), so another account's id is simply not found (ARCHITECTURE.md §2:
// 404, never 403). Lists are newest first with an id cursor, the spec's pagination.
import { invalid } from '../http/problem.js';
import type { Db } from './db.js';

export interface Page<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface ListOptions<T> {
  limit?: number;
  startingAfter?: string;
  filter?: (doc: T) => boolean;
}

export class ResourceStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare('SELECT data FROM resources WHERE account_id = ? AND kind = ? AND id = ?').pluck(),
      insert: db.prepare('INSERT INTO resources (account_id, kind, id, seq, data) VALUES (?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE resources SET data = ? WHERE account_id = ? AND kind = ? AND id = ?'),
      remove: db.prepare('DELETE FROM resources WHERE account_id = ? AND kind = ? AND id = ?'),
      all: db.prepare('SELECT data FROM resources WHERE account_id = ? AND kind = ? ORDER BY seq DESC').pluck(),
      nextSeq: db
        .prepare(
          `INSERT INTO sequence (name, value) VALUES ('resources', 1)
         ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
        )
        .pluck(),
    };
  }

  get<T>(accountId: string, kind: string, id: string): T | undefined {
    const row = this.stmts.get.get(accountId, kind, id) as string | undefined;
    return row === undefined ? undefined : (JSON.parse(row) as T);
  }

  insert<T extends { id: string }>(accountId: string, kind: string, doc: T): T {
    this.stmts.insert.run(accountId, kind, doc.id, this.stmts.nextSeq.get() as number, JSON.stringify(doc));
    return doc;
  }

  /** Replaces the stored document; returns false when it does not exist. */
  put<T extends { id: string }>(accountId: string, kind: string, doc: T): boolean {
    return this.stmts.update.run(JSON.stringify(doc), accountId, kind, doc.id).changes === 1;
  }

  remove(accountId: string, kind: string, id: string): boolean {
    return this.stmts.remove.run(accountId, kind, id).changes === 1;
  }

  /** Every document of a kind, newest first. */
  all<T>(accountId: string, kind: string, filter?: (doc: T) => boolean): T[] {
    const docs = (this.stmts.all.all(accountId, kind) as string[]).map((row) => JSON.parse(row) as T);
    return filter ? docs.filter(filter) : docs;
  }

  list<T extends { id: string }>(accountId: string, kind: string, options: ListOptions<T> = {}): Page<T> {
    return paginate(this.all<T>(accountId, kind, options.filter), options);
  }

  /**
   * Runs `fn` in one SQLite transaction (atomic read-modify-write across documents). IMMEDIATE:
   * the write lock is taken before the first read, so processes sharing the file queue here
   * (busy_timeout) instead of reading a snapshot that another's commit makes stale, which would
   * fail the write with SQLITE_BUSY_SNAPSHOT. Nested calls are savepoints.
   */
  transaction<R>(fn: () => R): R {
    return this.db.transaction(fn).immediate();
  }
}

/** One page of an already ordered list (also used for lists that do not live in this store, like API keys). */
export function paginate<T extends { id: string }>(items: T[], options: { limit?: number; startingAfter?: string } = {}): Page<T> {
  const limit = options.limit ?? 20;
  let docs = items;
  if (options.startingAfter !== undefined) {
    const at = docs.findIndex((d) => d.id === options.startingAfter);
    if (at === -1) throw invalid('query.starting_after', 'is not a cursor of this list');
    docs = docs.slice(at + 1);
  }
  const data = docs.slice(0, limit);
  const hasMore = docs.length > limit;
  return { object: 'list', data, has_more: hasMore, next_cursor: hasMore ? data[data.length - 1].id : null };
}
