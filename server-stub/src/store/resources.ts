// Account-scoped JSON documents, one table for every resource kind (agents, calls, campaigns …).
// Every read is by (account, kind, id), so another account's id is simply not found (ARCHITECTURE.md §2:
// 404, never 403). Lists are newest first with an id cursor, the spec's pagination.
import { invalid } from '../http/problem.js';
import { type Db, immediateTransactions } from './db.js';

/** The kinds whose totals per status are kept by triggers (store/migrations.ts, 5). */
export const COUNTED_KINDS = ['number', 'agent', 'call'] as const;
export type CountedKind = (typeof COUNTED_KINDS)[number];

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

  /**
   * Runs `fn` in one SQLite transaction (atomic read-modify-write across documents), IMMEDIATE so
   * that processes sharing the file queue for the lock (db.ts immediateTransactions).
   */
  readonly transaction: <R>(fn: () => R) => R;

  constructor(db: Db) {
    this.transaction = immediateTransactions(db);
    this.stmts = {
      get: db.prepare('SELECT data FROM resources WHERE account_id = ? AND kind = ? AND id = ?').pluck(),
      insert: db.prepare('INSERT INTO resources (account_id, kind, id, seq, data) VALUES (?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE resources SET data = ? WHERE account_id = ? AND kind = ? AND id = ?'),
      remove: db.prepare('DELETE FROM resources WHERE account_id = ? AND kind = ? AND id = ?'),
      all: db.prepare('SELECT data FROM resources WHERE account_id = ? AND kind = ? ORDER BY seq DESC').pluck(),
      cursor: db.prepare('SELECT seq, data FROM resources WHERE account_id = ? AND kind = ? AND id = ?'),
      before: db.prepare('SELECT data FROM resources WHERE account_id = ? AND kind = ? AND seq < ? ORDER BY seq DESC').pluck(),
      withStatus: db
        .prepare(
          // INDEXED BY: without statistics the planner would walk resources_by_kind (every document
          // of the kind) to save a sort; this reads only the matching ones (and fails to prepare
          // if the index ever stops serving the query).
          `SELECT data FROM resources INDEXED BY resources_by_status
           WHERE account_id = ? AND kind = ? AND json_extract(data, '$.status') IN (SELECT value FROM json_each(?))
           ORDER BY seq DESC`,
        )
        .pluck(),
      counts: db.prepare('SELECT status, n FROM resource_counts WHERE account_id = ? AND kind = ?').raw(),
      allCounts: db.prepare('SELECT kind, status, n FROM resource_counts WHERE account_id = ?').raw(),
      countsVersion: db.prepare(`SELECT value FROM store_versions WHERE name = 'counts'`).pluck(),
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

  /** Documents of a kind whose `status` is one of `statuses`, newest first. */
  withStatus<T>(accountId: string, kind: string, statuses: readonly string[]): T[] {
    return (this.stmts.withStatus.all(accountId, kind, JSON.stringify(statuses)) as string[]).map((row) => JSON.parse(row) as T);
  }

  /**
   * How many documents of a counted kind (COUNTED_KINDS) the account has per `status`, read from
   * the totals triggers keep in step with every insert, update and delete (store/migrations.ts, 5).
   */
  counts(accountId: string, kind: CountedKind): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [status, n] of this.stmts.counts.all(accountId, kind) as Array<[string, number]>) out[status] = n;
    return out;
  }

  /** What allCounts read, per account, valid while `store_versions.counts` is `countsVersion`. */
  private readonly countsCache = new Map<string, Readonly<Record<CountedKind, Readonly<Record<string, number>>>>>();
  private countsVersion: unknown;

  /**
   * counts() of every counted kind at once: one read of the totals' version (any change to them,
   * from any process, moves it on in the same transaction), and the totals themselves only when it
   * has moved since this process last read them for the account. Frozen: shared by requests.
   */
  allCounts(accountId: string): Readonly<Record<CountedKind, Readonly<Record<string, number>>>> {
    const version = this.stmts.countsVersion.get();
    if (version !== this.countsVersion) {
      this.countsCache.clear();
      this.countsVersion = version;
    }
    const cached = this.countsCache.get(accountId);
    if (cached) return cached;
    const out: Record<CountedKind, Record<string, number>> = { number: {}, agent: {}, call: {} };
    for (const [kind, status, n] of this.stmts.allCounts.all(accountId) as Array<[CountedKind, string, number]>) out[kind][status] = n;
    for (const kind of COUNTED_KINDS) Object.freeze(out[kind]);
    // Bounded like the key cache: one entry per account served since the last change.
    if (this.countsCache.size >= 10_000) this.countsCache.clear();
    this.countsCache.set(accountId, Object.freeze(out));
    return out;
  }

  /**
   * One page, newest first, reading rows only as far as the page needs: from the cursor's place (an
   * index seek), stopping at the first match past `limit` (which says there is more). A cursor must
   * be a document of this list, filter included.
   */
  list<T extends { id: string }>(accountId: string, kind: string, options: ListOptions<T> = {}): Page<T> {
    const { startingAfter, filter } = options;
    let rows: IterableIterator<unknown>;
    if (startingAfter === undefined) rows = this.stmts.all.iterate(accountId, kind);
    else {
      const at = this.stmts.cursor.get(accountId, kind, startingAfter) as { seq: number; data: string } | undefined;
      if (!at || (filter && !filter(JSON.parse(at.data) as T))) throw notACursor();
      rows = this.stmts.before.iterate(accountId, kind, at.seq);
    }
    function* docs(): Generator<T> {
      for (const row of rows) {
        const doc = JSON.parse(row as string) as T;
        if (!filter || filter(doc)) yield doc;
      }
    }
    return takePage(docs(), options.limit);
  }
}

const DEFAULT_PAGE_LIMIT = 20;
const notACursor = () => invalid('query.starting_after', 'is not a cursor of this list');

/** The first `limit` documents, and whether one more follows; stops reading there (a statement's iterator ends). */
function takePage<T extends { id: string }>(docs: Iterable<T>, limit = DEFAULT_PAGE_LIMIT): Page<T> {
  const data: T[] = [];
  let hasMore = false;
  for (const doc of docs) {
    if (data.length === limit) {
      hasMore = true;
      break;
    }
    data.push(doc);
  }
  return { object: 'list', data, has_more: hasMore, next_cursor: hasMore ? data[data.length - 1].id : null };
}

/** One page of an already ordered list (also used for lists that do not live in this store, like API keys). */
export function paginate<T extends { id: string }>(items: T[], options: { limit?: number; startingAfter?: string } = {}): Page<T> {
  if (options.startingAfter === undefined) return takePage(items, options.limit);
  const at = items.findIndex((d) => d.id === options.startingAfter);
  if (at === -1) throw notACursor();
  return takePage(items.slice(at + 1), options.limit);
}
