// The world a handler test runs in: an in-memory database with the real stores, accounts as the
// stub's first start creates them (with their phone number and an all-scopes key), one clock, and
// a RequestContext per request whose emit records webhook events as the pipeline wires it. Handlers
// are called directly — `call` by operationId, `replay` and `given` for the spec's example pairs —
// so a handler test needs no router, security or port.
import { expect } from 'vitest';
import { reproduces, substitute } from '../../../openapi/tools/example-replay.js';
import type { RequestContext, Stores } from '../context.js';
import type { StoredCall } from '../handlers/call-lifecycle.js';
import { handlers } from '../handlers/index.js';
import { seedNumbers } from '../handlers/numbers.js';
import { recordEvent } from '../handlers/webhooks.js';
import { ApiError, type FieldError, problemBody } from '../http/problem.js';
import { newId } from '../ids.js';
import { secretHasher } from '../middleware/auth/secrets.js';
import { validationError } from '../pipeline/validate.js';
import { newAccount } from '../seed.js';
import { type AccountRecord, AccountStore } from '../store/accounts.js';
import { type ApiKey, ApiKeyStore, type Scope } from '../store/api-keys.js';
import { openDatabase } from '../store/db.js';
import { ResourceStore } from '../store/resources.js';
import { webhookDispatcher } from '../webhooks/wiring.js';
import { requestErrors, validator } from './assert.js';
import { CANONICAL, documentedOf, model, pairOf, type Step, spec } from './examples.js';

/** Where every world's clock starts: the morning of the examples' timestamps. */
export const T0 = new Date('2026-11-20T09:40:00Z');
const ALL_SCOPES = model.scopes.map((s) => s.name as Scope);
/** How long a request takes in `call`, so that one request's timestamps differ from the next's. */
const REQUEST_MS = 5000;
const HANDLERS = handlers as unknown as Record<string, (input: unknown, ctx: RequestContext) => Outcome>;

type Mode = 'live' | 'test';
const usd = (amount: number) => ({ amount, currency: 'USD' as const });

export interface AccountOptions {
  /** The mode of its first key, and of its requests unless told otherwise (default test). */
  mode?: Mode;
  /** In cents; what is not given is as the stub's first start makes it (seed.ts newAccount). */
  balance?: number;
  monthlySpend?: number;
  spendCap?: number | null;
  monthlyUsageMinutes?: number;
  /** Seed its phone number +14155550100, as the stub does (default true). */
  number?: boolean;
}

/** The balance, spend and usage the spec's account examples show (getAccount, getBillingBalance). */
export const DOCUMENTED_ACCOUNT: AccountOptions = { balance: 2500, monthlySpend: 1840, spendCap: 50000, monthlyUsageMinutes: 120 };

export interface RequestOptions {
  /** Default: the world's first account. */
  account?: string;
  /** Default: the account's mode (with `key`, the key's). */
  mode?: Mode;
  /** Default: the account's all-scopes key of `mode`. */
  key?: ApiKey;
  /** Default: the world's clock. */
  now?: Date;
  clientIp?: string;
}

export interface InputParts {
  path?: object;
  query?: object;
  header?: object;
  body?: unknown;
}

/**
 * A handler input, every part present as after the pipeline's validation. Typed `any` on purpose:
 * tests also send what the schema would refuse, to prove a handler's own checks.
 */
export const input = (parts: InputParts = {}): any => ({ path: {}, query: {}, header: {}, body: undefined, ...parts });

/** A handler's answer; a thrown ApiError becomes its problem. */
export interface Outcome {
  status: number;
  body: any;
  headers?: Record<string, string>;
}

export interface Replayed extends Outcome {
  /** How the answer differs from the response example (status, schema, stable values); empty: as documented. */
  mismatches: string[];
}

export class World {
  readonly db = openDatabase(':memory:');
  private readonly resources = new ResourceStore(this.db);
  /** Deliveries are queued (and listed) but never sent: the dispatcher's loop is not started here. */
  readonly stores: Stores = {
    accounts: new AccountStore(this.db),
    keys: new ApiKeyStore(this.db, secretHasher('world-pepper-for-tests-only-0000000000')),
    resources: this.resources,
    deliveries: webhookDispatcher(
      this.db,
      this.resources,
      model.webhookDelivery,
      { webhookRetryScale: 1, webhookAllowLoopback: false },
      () => this.now.getTime(),
    ),
  };
  /** Every event a handler emitted, in order (each also recorded for the endpoints subscribed to it). */
  readonly emitted: { type: string; object: any }[] = [];
  /** Canonical example id → the id this world created for it. */
  readonly ids = new Map<string, string>();
  /** The first account: the examples' canonical account. */
  readonly accountId: string;
  now = T0;
  private readonly modes = new Map<string, Mode>();
  private readonly keys = new Map<string, ApiKey>();

  constructor(account: AccountOptions = {}) {
    this.accountId = this.addAccount(account);
    this.ids.set(CANONICAL.account, this.accountId);
  }

  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }

  /** Another account in the same database; answers its id. */
  addAccount(options: AccountOptions = {}): string {
    const record = newAccount({ id: newId('acct'), email: 'ops@acme.example', company_name: 'Acme Dental' }, this.now);
    if (options.balance !== undefined) record.balance = usd(options.balance);
    if (options.monthlySpend !== undefined) record.monthly_spend = usd(options.monthlySpend);
    if (options.spendCap !== undefined) record.monthly_spend_cap = options.spendCap === null ? null : usd(options.spendCap);
    if (options.monthlyUsageMinutes !== undefined) record.monthly_usage_minutes = options.monthlyUsageMinutes;
    this.stores.accounts.insert(record);
    this.modes.set(record.id, options.mode ?? 'test');
    this.key({ account: record.id });
    if (options.number !== false) {
      const [number] = seedNumbers(this.stores, record.id, this.now);
      if (!this.ids.has(CANONICAL.number)) this.ids.set(CANONICAL.number, number.id);
    }
    return record.id;
  }

  account(accountId = this.accountId): AccountRecord {
    return this.stores.accounts.get(accountId)!;
  }

  /** The account's all-scopes key of `mode` (made when first asked for). */
  key({ account = this.accountId, mode = this.modes.get(account) }: { account?: string; mode?: Mode } = {}): ApiKey {
    const slot = `${account} ${mode}`;
    let key = this.keys.get(slot);
    if (!key) {
      key = this.addKey(ALL_SCOPES, { account, mode }).key;
      this.keys.set(slot, key);
    }
    return key;
  }

  /** Another key of an account; answers it with its secret. */
  addKey(
    scopes: Scope[],
    options: { account?: string; mode?: Mode; expiresAt?: string | null; now?: Date } = {},
  ): { key: ApiKey; secret: string } {
    const { account = this.accountId, mode = this.modes.get(account)!, expiresAt = null, now = this.now } = options;
    return this.stores.keys.create(account, mode, { name: 'Test key', scopes, expires_at: expiresAt }, now);
  }

  /** The context of one request, as the pipeline builds it. */
  ctx(options: RequestOptions = {}): RequestContext {
    const { account = this.accountId, now = this.now, clientIp = '127.0.0.1' } = options;
    const apiKey = options.key ?? this.key({ account, mode: options.mode });
    return {
      requestId: newId('req'),
      now,
      account: this.account(account),
      apiKey,
      mode: apiKey.mode,
      clientIp,
      stores: this.stores,
      contract: model,
      emit: (type, object) => {
        this.emitted.push({ type, object });
        recordEvent(this.stores, account, type, object, now);
      },
    };
  }

  /** One request to a handler at the world's clock, which then moves on 5 s. */
  call(operationId: string, parts: InputParts = {}, options: RequestOptions = {}): Outcome {
    return this.answer(operationId, parts, options, []);
  }

  /**
   * Sends request example N of a step (canonical ids mapped, through the pipeline's request
   * validation) and compares the answer with response example N exactly: the world starts from
   * the documented state, so its state values must match too (openapi/tools/example-replay.ts).
   */
  replay(step: Step): Replayed {
    const { operationId, pair } = pairOf(step);
    const request = substitute(pair.request, this.ids);
    const outcome = this.answer(operationId, request, {}, requestErrors(step, request));
    // What the client receives is JSON: internal fields or undefined values would show here.
    const body = JSON.parse(JSON.stringify(outcome.body ?? null));
    const options = { spec, ids: this.ids, sent: request, exact: true, validator };
    const found = reproduces({ status: outcome.status, body }, documentedOf(step), options);
    const mismatches = found.map((m) => (m.part === 'status' ? `${m.message} ${JSON.stringify(outcome.body)}` : m.message));
    return { ...outcome, mismatches };
  }

  /** Replays steps in order, each of which must reproduce its example. */
  given(...steps: Step[]): this {
    for (const step of steps) expect(this.replay(step).mismatches, `given ${step}`).toEqual([]);
    return this;
  }

  /** A stored document of the first account (internal fields included), by its id or canonical id. */
  doc<T = any>(kind: string, id: string): T | undefined {
    return this.stores.resources.get<T>(this.accountId, kind, this.ids.get(id) ?? id);
  }

  /** The pipeline's 422 when the input is invalid, else the handler's answer; a thrown ApiError becomes its problem. */
  private answer(operationId: string, parts: InputParts, options: RequestOptions, invalid: FieldError[]): Outcome {
    const ctx = this.ctx(options);
    this.advance(REQUEST_MS);
    try {
      if (invalid.length > 0) throw validationError(invalid);
      return HANDLERS[operationId](input(parts), ctx);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { status: err.status, body: problemBody(err, ctx.requestId), headers: err.extra.headers };
    }
  }
}

let callSeq = 0;

/** A stored call document (ended calls get an end reason and a talk time of 0 unless given). */
export function storedCall(status: StoredCall['status'], extra: Partial<StoredCall> = {}): StoredCall {
  const ended = status === 'completed' || status === 'failed';
  return {
    id: `call_${String(++callSeq).padStart(22, '0')}`,
    object: 'call',
    status,
    direction: 'outbound',
    from: '+14155550100',
    to: '+14155550123',
    agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6',
    end_reason: ended ? (status === 'failed' ? 'busy' : 'completed') : null,
    duration_seconds: ended ? 0 : null,
    answered_at: null,
    ended_at: ended ? T0.toISOString() : null,
    metadata: {},
    created_at: T0.toISOString(),
    _mode: 'test',
    ...extra,
  };
}
