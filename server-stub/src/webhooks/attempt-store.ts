// The durable delivery log: one `webhook_attempts` row per attempt to POST an event to an endpoint
// (migration 3). Durable because the dispatcher's promises rest on it: an attempt is marked
// `in_flight` in a committed transaction before its request leaves, so after a crash it is known
// to be interrupted and is never sent again under the same row; a failure and the retry it
// schedules are written in one transaction, so no crash can lose the retry.
import { invalid } from '../http/problem.js';
import { newId } from '../ids.js';
import { type Db, immediateTransactions } from '../store/db.js';
import type { Page } from '../store/resources.js';

export type AttemptStatus = 'pending' | 'in_flight' | 'succeeded' | 'failed';

export interface WebhookAttempt {
  /** `whatt_` + 22 base62. */
  id: string;
  accountId: string;
  endpointId: string;
  /** The delivery's `webhook-id`: the same on every retry and redelivery of the event. */
  eventId: string;
  eventType: string;
  url: string;
  /** The exact bytes sent (and signed). */
  body: string;
  /** 1…n over every attempt at this event for this endpoint; redeliveries continue the count. */
  attempt: number;
  /** 1…n within one chain of retries (restarts at 1 for each redelivery); picks the retry delay. */
  attemptInChain: number;
  status: AttemptStatus;
  responseStatus: number | null;
  error: string | null;
  /** Unix milliseconds, like every time below. */
  scheduledAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  createdAt: number;
}

export type NewAttempt = Pick<
  WebhookAttempt,
  'accountId' | 'endpointId' | 'eventId' | 'eventType' | 'url' | 'body' | 'attempt' | 'attemptInChain' | 'scheduledAt' | 'createdAt'
>;

/** How an attempt ended (what the row keeps of the exchange). */
export interface AttemptResult {
  responseStatus: number | null;
  error: string | null;
}

interface Row {
  id: string;
  account_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  url: string;
  body: string;
  attempt: number;
  attempt_in_chain: number;
  status: AttemptStatus;
  response_status: number | null;
  error: string | null;
  scheduled_at: number;
  started_at: number | null;
  finished_at: number | null;
  created_at: number;
}

const toAttempt = (r: Row): WebhookAttempt => ({
  id: r.id,
  accountId: r.account_id,
  endpointId: r.endpoint_id,
  eventId: r.event_id,
  eventType: r.event_type,
  url: r.url,
  body: r.body,
  attempt: r.attempt,
  attemptInChain: r.attempt_in_chain,
  status: r.status,
  responseStatus: r.response_status,
  error: r.error,
  scheduledAt: r.scheduled_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  createdAt: r.created_at,
});

export const MAX_PAGE_SIZE = 100;

export class WebhookAttemptStore {
  private readonly stmts;
  private readonly claimTx: (id: string, now: number) => boolean;
  private readonly failTx: (id: string, result: AttemptResult, now: number, next: NewAttempt | undefined) => WebhookAttempt | undefined;
  /** Runs `fn` in one transaction (several rows that must change together). */
  readonly transaction: <R>(fn: () => R) => R;

  constructor(db: Db) {
    this.transaction = immediateTransactions(db);
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO webhook_attempts (id, account_id, endpoint_id, event_id, event_type, url, body, attempt, attempt_in_chain,
           status, scheduled_at, created_at)
         VALUES (@id, @accountId, @endpointId, @eventId, @eventType, @url, @body, @attempt, @attemptInChain, 'pending', @scheduledAt, @createdAt)
         RETURNING *`,
      ),
      byId: db.prepare('SELECT * FROM webhook_attempts WHERE id = ?'),
      inAccount: db.prepare('SELECT * FROM webhook_attempts WHERE account_id = ? AND id = ?'),
      cursor: db.prepare('SELECT created_at, rowid FROM webhook_attempts WHERE account_id = ? AND endpoint_id = ? AND id = ?'),
      firstPage: db.prepare(
        `SELECT * FROM webhook_attempts WHERE account_id = ? AND endpoint_id = ? AND (? IS NULL OR event_id = ?)
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
      nextPage: db.prepare(
        `SELECT * FROM webhook_attempts WHERE account_id = ? AND endpoint_id = ? AND (? IS NULL OR event_id = ?)
         AND (created_at < ? OR (created_at = ? AND rowid < ?))
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
      byNumber: db.prepare('SELECT * FROM webhook_attempts WHERE endpoint_id = ? AND event_id = ? AND attempt = ?'),
      due: db.prepare(`SELECT * FROM webhook_attempts WHERE status = 'pending' AND scheduled_at <= ? ORDER BY scheduled_at, rowid LIMIT ?`),
      nextDueAt: db.prepare(`SELECT MIN(scheduled_at) FROM webhook_attempts WHERE status = 'pending'`).pluck(),
      inFlight: db.prepare(`SELECT * FROM webhook_attempts WHERE status = 'in_flight' ORDER BY scheduled_at, rowid`),
      lastAttempt: db.prepare('SELECT MAX(attempt) FROM webhook_attempts WHERE endpoint_id = ? AND event_id = ?').pluck(),
      claim: db.prepare(`UPDATE webhook_attempts SET status = 'in_flight', started_at = ? WHERE id = ? AND status = 'pending'`),
      finish: db.prepare(
        `UPDATE webhook_attempts SET status = ?, response_status = ?, error = ?, finished_at = ? WHERE id = ? AND status = 'in_flight'`,
      ),
    };
    const claim = db.transaction((id: string, now: number) => this.stmts.claim.run(now, id).changes === 1);
    this.claimTx = (id, now) => claim.immediate(id, now);
    const fail = db.transaction((id: string, result: AttemptResult, now: number, next: NewAttempt | undefined) => {
      if (this.stmts.finish.run('failed', result.responseStatus, result.error, now, id).changes !== 1) return undefined;
      return next ? this.insert(next) : undefined;
    });
    this.failTx = (id, result, now, next) => fail.immediate(id, result, now, next);
  }

  /** Records a `pending` attempt. */
  insert(attempt: NewAttempt): WebhookAttempt {
    return toAttempt(this.stmts.insert.get({ id: newId('whatt'), ...attempt }) as Row);
  }

  /** An attempt of this account; another account's id is simply not found. */
  get(accountId: string, id: string): WebhookAttempt | undefined {
    const row = this.stmts.inAccount.get(accountId, id) as Row | undefined;
    return row && toAttempt(row);
  }

  /** Any account's attempt (the dispatcher's own reads). */
  byId(id: string): WebhookAttempt | undefined {
    const row = this.stmts.byId.get(id) as Row | undefined;
    return row && toAttempt(row);
  }

  /** An endpoint's attempts, newest first, with the spec's id cursor. */
  list(
    accountId: string,
    endpointId: string,
    options: { limit?: number; startingAfter?: string; eventId?: string } = {},
  ): Page<WebhookAttempt> {
    const event = options.eventId ?? null;
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw invalid('query.limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    let rows: Row[];
    if (options.startingAfter === undefined) {
      rows = this.stmts.firstPage.all(accountId, endpointId, event, event, limit + 1) as Row[];
    } else {
      const at = this.stmts.cursor.get(accountId, endpointId, options.startingAfter) as { created_at: number; rowid: number } | undefined;
      if (!at) throw invalid('query.starting_after', 'is not a cursor of this list');
      rows = this.stmts.nextPage.all(accountId, endpointId, event, event, at.created_at, at.created_at, at.rowid, limit + 1) as Row[];
    }
    const hasMore = rows.length > limit;
    const data = rows.slice(0, limit).map(toAttempt);
    return { object: 'list', data, has_more: hasMore, next_cursor: hasMore ? data[data.length - 1].id : null };
  }

  /** The attempt that follows `a` for the same endpoint and event (its retry or a redelivery), if any. */
  next(a: Pick<WebhookAttempt, 'endpointId' | 'eventId' | 'attempt'>): WebhookAttempt | undefined {
    const row = this.stmts.byNumber.get(a.endpointId, a.eventId, a.attempt + 1) as Row | undefined;
    return row ? toAttempt(row) : undefined;
  }

  /** `pending` attempts due at `now`, in the order they were scheduled. */
  due(now: number, limit: number): WebhookAttempt[] {
    return (this.stmts.due.all(now, limit) as Row[]).map(toAttempt);
  }

  /** When the earliest `pending` attempt is due, if there is one. */
  nextDueAt(): number | undefined {
    return (this.stmts.nextDueAt.get() as number | null) ?? undefined;
  }

  /** Attempts whose request may have left: after a restart, these were interrupted. */
  inFlight(): WebhookAttempt[] {
    return (this.stmts.inFlight.all() as Row[]).map(toAttempt);
  }

  /** The highest attempt number of this event at this endpoint (0 when none). */
  lastAttemptNumber(endpointId: string, eventId: string): number {
    return (this.stmts.lastAttempt.get(endpointId, eventId) as number | null) ?? 0;
  }

  /** `pending` → `in_flight`, committed; false when it was not pending (someone else took it). */
  claim(id: string, now: number): boolean {
    return this.claimTx(id, now);
  }

  /** `in_flight` → `succeeded`; false when it was not in flight. */
  succeed(id: string, responseStatus: number, now: number): boolean {
    return this.stmts.finish.run('succeeded', responseStatus, null, now, id).changes === 1;
  }

  /** `in_flight` → `failed` and, in the same transaction, the next attempt if any; returns that attempt. */
  fail(id: string, result: AttemptResult, now: number, next?: NewAttempt): WebhookAttempt | undefined {
    return this.failTx(id, result, now, next);
  }
}
