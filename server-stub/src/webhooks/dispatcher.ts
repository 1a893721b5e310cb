// Delivers webhooks (Standard Webhooks): one timer loop takes due attempts from the durable log
// (attempt-store.ts), POSTs each signed event, and records the outcome and the retry it schedules.
// The log, not memory, is the queue, so a restart or a `kill -9` loses nothing: an attempt marked
// `in_flight` when the process died is recorded as interrupted and retried under a new row, never
// resent under its own. Nothing here throws out of the loop: whatever goes wrong fails that
// attempt with a reason a customer can read in the delivery list.
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Db } from '../store/db.js';
import type { Page } from '../store/resources.js';
import { type NewAttempt, type WebhookAttempt, WebhookAttemptStore } from './attempt-store.js';
import { signDelivery } from './signature.js';
import { checkTarget, type HostLookup } from './target-guard.js';

export interface WebhookDispatcherOptions {
  db: Db;
  /** Delays in seconds before attempt 2, 3, … of a chain, e.g. [5, 300, 1800, 7200, 18000, 36000, 36000]. */
  retryScheduleSeconds: number[];
  /** Multiplies every delay (tests: 0.001). */
  scale: number;
  /** The whole exchange of one attempt (target check, connect, request, answer) must finish within this. */
  timeoutMs: number;
  /** Development sandboxes: deliver to loopback receivers, plain http to 127.0.0.1 included. */
  allowLoopback: boolean;
  /** Unix milliseconds (tests skew it). */
  now?: () => number;
  lookup?: HostLookup;
  /** The endpoint's current signing secret; undefined when it is gone or disabled (then retries stop). */
  secretOf: (accountId: string, endpointId: string) => string | undefined;
  userAgent?: string;
  /** At most this many attempts in flight at once (8 by default). */
  maxInFlight?: number;
}

export interface DeliveryRequest {
  accountId: string;
  endpointId: string;
  url: string;
  /** The `webhook-id`, stable across retries and redeliveries. */
  eventId: string;
  eventType: string;
  /** The exact JSON text to send (and sign). */
  body: string;
}

export const INTERRUPTED_ERROR = 'interrupted: the server stopped during the attempt';
export const ENDPOINT_GONE_ERROR = 'the webhook endpoint no longer exists or is disabled; no further attempts';

const DEFAULT_USER_AGENT = 'Parley-Webhooks/1.0';
const DEFAULT_MAX_IN_FLIGHT = 8;
/** Receivers' answers are read (so the exchange completes) but not kept. */
const RESPONSE_BODY_CAP = 4096;
/** The loop looks at the log at least this often: it also notices rows another process on the file scheduled. */
const MAX_SLEEP_MS = 60_000;
const DATABASE_RETRY_MS = 1_000;

type Failure = { delivered: false; responseStatus: number | null; error: string; retry: boolean };
type Outcome = { delivered: true; responseStatus: number } | Failure;

const INTERRUPTED: Failure = { delivered: false, responseStatus: null, error: INTERRUPTED_ERROR, retry: true };

export class WebhookDispatcher {
  private readonly store: WebhookAttemptStore;
  private readonly schedule: readonly number[];
  private readonly now: () => number;
  private readonly maxInFlight: number;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private wakeScheduled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WebhookDispatcherOptions) {
    const { retryScheduleSeconds, scale, timeoutMs, secretOf } = options;
    if (!Array.isArray(retryScheduleSeconds) || !retryScheduleSeconds.every((s) => Number.isFinite(s) && s >= 0)) {
      throw new TypeError('WebhookDispatcher: retryScheduleSeconds must be a list of non-negative numbers of seconds.');
    }
    if (!Number.isFinite(scale) || scale < 0) throw new TypeError('WebhookDispatcher: scale must be a non-negative number.');
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('WebhookDispatcher: timeoutMs must be a positive number.');
    if (typeof secretOf !== 'function') throw new TypeError('WebhookDispatcher: secretOf must be a function.');
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) {
      throw new TypeError('WebhookDispatcher: maxInFlight must be a positive integer.');
    }
    this.schedule = [...retryScheduleSeconds];
    this.now = options.now ?? Date.now;
    this.store = new WebhookAttemptStore(options.db);
  }

  /** Records attempt 1, due now, and wakes the loop; returns the attempt's id. */
  enqueue(request: DeliveryRequest): string {
    for (const field of ['accountId', 'endpointId', 'url', 'eventId', 'eventType'] as const) {
      if (typeof request?.[field] !== 'string' || request[field] === '') {
        throw new TypeError(`WebhookDispatcher.enqueue: ${field} must be a non-empty string.`);
      }
    }
    if (!/^[\x21-\x7e]+$/.test(request.eventId)) {
      throw new TypeError('WebhookDispatcher.enqueue: eventId travels in the webhook-id header, so it must be printable ASCII.');
    }
    if (typeof request.body !== 'string') throw new TypeError('WebhookDispatcher.enqueue: body must be the JSON text to send.');
    const { accountId, endpointId, url, eventId, eventType, body } = request;
    const now = this.now();
    const attempt = this.store.insert({
      ...{ accountId, endpointId, url, eventId, eventType, body },
      ...{ attempt: 1, attemptInChain: 1, scheduledAt: now, createdAt: now },
    });
    this.wake();
    return attempt.id;
  }

  /**
   * Starts the loop. Attempts a previous process left `in_flight` (it crashed or was killed) are
   * marked failed as interrupted and their next attempt scheduled; due `pending` ones run. With
   * `recoverInterrupted: false` (a later worker of a cluster, whose siblings may be delivering
   * right now) the in-flight ones are left alone.
   */
  start(options: { recoverInterrupted?: boolean } = {}): void {
    if (this.running) return;
    const now = this.now();
    if (options.recoverInterrupted ?? true) {
      this.store.transaction(() => {
        for (const attempt of this.store.inFlight()) this.fail(attempt, INTERRUPTED, now);
      });
    }
    this.running = true;
    this.wake();
  }

  /** Stops taking attempts and waits for the ones in flight (each ends within timeoutMs). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  /** A new chain of attempts for the event of `attemptId` (same event id and body); undefined when not found. */
  redeliver(accountId: string, attemptId: string): string | undefined {
    const original = this.store.get(accountId, attemptId);
    if (!original) return undefined;
    const now = this.now();
    const attempt = this.store.transaction(() =>
      this.store.insert({
        ...chainFields(original),
        attempt: this.store.lastAttemptNumber(original.endpointId, original.eventId) + 1,
        attemptInChain: 1,
        scheduledAt: now,
        createdAt: now,
      }),
    );
    this.wake();
    return attempt.id;
  }

  /** An endpoint's attempts, newest first (`limit` 1–100, `startingAfter` an attempt id of this list, `eventId` one event's). */
  listAttempts(
    accountId: string,
    endpointId: string,
    options: { limit?: number; startingAfter?: string; eventId?: string } = {},
  ): Page<WebhookAttempt> {
    return this.store.list(accountId, endpointId, options);
  }

  /** The attempt after `a` for the same event and endpoint (its retry, or a redelivery). */
  nextAttemptOf(a: WebhookAttempt): WebhookAttempt | undefined {
    return this.store.next(a);
  }

  /** Whether loopback receivers (and plain http to 127.0.0.1) may be registered and delivered to. */
  get allowsLoopback(): boolean {
    return this.options.allowLoopback;
  }

  getAttempt(accountId: string, id: string): WebhookAttempt | undefined {
    return this.store.get(accountId, id);
  }

  private wake(): void {
    if (!this.running || this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.pump();
    });
  }

  /** One turn of the loop: claim what is due (up to the in-flight cap), then sleep until the next is due. */
  private pump(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      const free = this.maxInFlight - this.inFlight.size;
      if (free > 0) {
        for (const attempt of this.store.due(this.now(), free)) {
          const startedAt = this.now();
          if (!this.store.claim(attempt.id, startedAt)) continue;
          const delivery: Promise<void> = this.deliver({ ...attempt, status: 'in_flight', startedAt }).finally(() => {
            this.inFlight.delete(delivery);
            this.wake();
          });
          this.inFlight.add(delivery);
        }
      }
      const next = this.inFlight.size < this.maxInFlight ? this.store.nextDueAt() : undefined;
      if (next !== undefined) this.sleep(Math.min(Math.max(next - this.now(), 0), MAX_SLEEP_MS));
    } catch {
      // The database refused (busy, or closed under us): look again shortly.
      this.sleep(DATABASE_RETRY_MS);
    }
  }

  private sleep(ms: number): void {
    this.timer = setTimeout(() => this.pump(), ms);
    this.timer.unref();
  }

  private async deliver(attempt: WebhookAttempt): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.send(attempt);
    } catch (err) {
      outcome = { delivered: false, responseStatus: null, error: `unexpected error: ${messageOf(err)}`, retry: true };
    }
    try {
      const now = this.now();
      if (outcome.delivered) this.store.succeed(attempt.id, outcome.responseStatus, now);
      else this.store.transaction(() => this.fail(attempt, outcome, now));
    } catch {
      // The database is gone: the row stays `in_flight`, and the next start() records it as interrupted.
    }
  }

  /** Marks `attempt` failed and, when its chain has attempts left and the outcome allows, schedules the next. */
  private fail(attempt: WebhookAttempt, outcome: Failure, now: number): void {
    const delaySeconds = outcome.retry ? this.schedule[attempt.attemptInChain - 1] : undefined;
    const next: NewAttempt | undefined =
      delaySeconds === undefined
        ? undefined
        : {
            ...chainFields(attempt),
            attempt: Math.max(attempt.attempt, this.store.lastAttemptNumber(attempt.endpointId, attempt.eventId)) + 1,
            attemptInChain: attempt.attemptInChain + 1,
            scheduledAt: now + Math.round(delaySeconds * this.options.scale * 1000),
            createdAt: now,
          };
    this.store.fail(attempt.id, { responseStatus: outcome.responseStatus, error: outcome.error }, now, next);
  }

  /** One attempt, bounded by timeoutMs from the target check to the end of the answer. */
  private async send(attempt: WebhookAttempt): Promise<Outcome> {
    const secret = this.options.secretOf(attempt.accountId, attempt.endpointId);
    if (secret === undefined) return { delivered: false, responseStatus: null, error: ENDPOINT_GONE_ERROR, retry: false };
    const { timeoutMs } = this.options;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({ delivered: false, responseStatus: null, error: `timed out: no complete answer within ${timeoutMs} ms`, retry: true }),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exchange(attempt, secret, abort.signal), timedOut]);
    } finally {
      clearTimeout(timer);
      abort.abort(); // ends a request still open after the timeout
    }
  }

  private async exchange(attempt: WebhookAttempt, secret: string, signal: AbortSignal): Promise<Outcome> {
    // Checked again at every attempt: DNS may now answer with a private address (rebinding).
    const target = await checkTarget(attempt.url, { allowLoopback: this.options.allowLoopback, lookup: this.options.lookup });
    if (!target.ok) return { delivered: false, responseStatus: null, error: target.reason, retry: true };
    if (signal.aborted) return { delivered: false, responseStatus: null, error: 'timed out before sending', retry: true };
    const timestamp = Math.floor(this.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(attempt.body)),
      'user-agent': this.options.userAgent ?? DEFAULT_USER_AGENT,
      'webhook-id': attempt.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signDelivery(secret, attempt.eventId, timestamp, attempt.body),
    };
    let status: number;
    try {
      status = await post(target.url, target.addresses, headers, attempt.body, signal);
    } catch (err) {
      return { delivered: false, responseStatus: null, error: describeNetworkError(err), retry: true };
    }
    if (status >= 200 && status < 300) return { delivered: true, responseStatus: status };
    return { delivered: false, responseStatus: status, error: `the receiver answered ${status}, not a 2xx`, retry: true };
  }
}

const chainFields = (a: WebhookAttempt) => ({
  accountId: a.accountId,
  endpointId: a.endpointId,
  eventId: a.eventId,
  eventType: a.eventType,
  url: a.url,
  body: a.body,
});

/** POSTs `body`, connecting only to the addresses the guard checked; resolves with the status once the answer is read. */
function post(url: URL, addresses: string[], headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method: 'POST', headers, agent: false, signal, lookup: pinnedLookup(addresses) }, (response) => {
      let received = 0;
      const finish = () => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      };
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= RESPONSE_BODY_CAP) finish();
      });
      response.on('end', finish);
      response.on('error', reject);
      // After `finish`, this rejection is a no-op; before it, the receiver hung up mid-answer.
      response.on('close', () => reject(new Error('the receiver closed the connection before its answer was complete')));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A resolver that answers with the already-checked addresses, so the connection cannot go anywhere else. */
function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    if (options.all) callback(null, entries);
    else callback(null, entries[0].address, entries[0].family);
  };
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset before a complete answer',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EADDRNOTAVAIL: 'the address is not available from here',
  EPIPE: 'the receiver closed the connection while the request was sent',
  ETIMEDOUT: 'the connection timed out',
};

function describeNetworkError(err: unknown): string {
  // With several addresses, Node tries each and reports them together.
  const first = err instanceof AggregateError && err.errors.length > 0 ? err.errors[0] : err;
  const code = (first as NodeJS.ErrnoException)?.code;
  if (code && NETWORK_ERRORS[code]) return `${NETWORK_ERRORS[code]} (${code})`;
  return code ? `${messageOf(first)} (${code})` : messageOf(first);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
