// Test kit for handler tests: replays the spec's documented example pairs (DESIGN §6) straight
// against the handlers, over an in-memory database, with a test key unless told otherwise. Like
// the contract runner, it maps the canonical ids of the examples to the ids the handlers really
// created, compares stable values exactly (codes, statuses, echoed input) and generated ones
// (ids, timestamps, durations) by schema and presence only.
import { expect } from 'vitest';
import { pairExamples, type ExamplePair } from '../../../openapi/tools/example-pairs.js';
import { createSchemaValidator } from '../../../openapi/tools/schema-validator.js';
import { listOperations, loadSpec } from '../../../openapi/tools/spec.js';
import type { RequestContext, Stores } from '../context.js';
import { ApiError, problemBody } from '../http/problem.js';
import { newId } from '../ids.js';
import { AccountStore, type AccountRecord } from '../store/accounts.js';
import { ApiKeyStore, type ApiKey } from '../store/api-keys.js';
import { openDatabase } from '../store/db.js';
import { ResourceStore } from '../store/resources.js';
import { loadTestValues } from '../test-mode.js';
import { agentHandlers } from './agents.js';
import { loadConcurrencyLimits } from './call-concurrency.js';
import { callHandlers } from './calls.js';
import { campaignHandlers } from './campaigns.js';
import { contactHandlers } from './contacts.js';
import { seedNumbers } from './numbers.js';

const spec = loadSpec();
loadTestValues(spec);
loadConcurrencyLimits(spec);
const operations = new Map(listOperations(spec).map((o) => [o.operationId, o]));
const validator = createSchemaValidator(spec);

const HANDLERS: Record<string, (input: any, ctx: RequestContext) => any> = {
  ...agentHandlers,
  ...callHandlers,
  ...campaignHandlers,
  ...contactHandlers,
};

export const CANONICAL_NUMBER_ID = 'num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1';
const ID = /^[a-z]+_[A-Za-z0-9]{22}$/;

export interface Outcome {
  status: number;
  body: any;
  headers?: Record<string, string>;
}

export interface Input {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  body?: unknown;
}

/** `operationId:example-name`, e.g. `createAgent:created`. */
export type Step = `${string}:${string}`;

function pairOf(step: Step): { operationId: string; pair: ExamplePair } {
  const [operationId, name] = step.split(':');
  const op = operations.get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  const pair = pairExamples(op.op).pairs.find((p) => p.name === name);
  if (!pair) throw new Error(`${operationId} has no example pair "${name}"`);
  return { operationId, pair };
}

/** Every example pair of an operation, by name (what the tables must cover). */
export const exampleNames = (operationId: string) => pairExamples(operations.get(operationId)!.op).pairs.map((p) => p.name);

/** Replaces every string `from` maps, deeply. */
function mapStrings(value: unknown, map: Map<string, string>): any {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  return value;
}

/** Generated values reduced to what is stable about them: timestamps and durations to presence. */
function stable(value: unknown, key = ''): any {
  if (key.endsWith('_at') || key === 'duration_seconds') return value === null ? null : '<generated>';
  if (Array.isArray(value)) return value.map((v) => stable(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stable(v, k)]));
  return value;
}

export class World {
  readonly db = openDatabase(':memory:');
  readonly stores: Stores = { accounts: new AccountStore(this.db), keys: new ApiKeyStore(this.db), resources: new ResourceStore(this.db) };
  readonly emitted: { type: string; object: any }[] = [];
  readonly accountId: string;
  /** Canonical example id → the id the handlers created (and back). */
  readonly ids = new Map<string, string>();
  private readonly canonical = new Map<string, string>();
  private readonly keys: Record<'live' | 'test', ApiKey>;
  clock = new Date('2026-11-20T09:00:00Z');

  constructor(account: Partial<AccountRecord> = {}) {
    this.accountId = this.addAccount(account);
    const scopes = ['agents:read'] as ApiKey['scopes'];
    this.keys = {
      test: this.stores.keys.create(this.accountId, 'test', { name: 'test', scopes }, this.clock).key,
      live: this.stores.keys.create(this.accountId, 'live', { name: 'live', scopes }, this.clock).key,
    };
  }

  /** Another account in the same database (with its seeded number); returns its id. */
  addAccount(account: Partial<AccountRecord> = {}): string {
    const id = newId('acct');
    const at = this.clock.toISOString();
    this.stores.accounts.insert({
      id,
      email: 'ops@acme.example',
      company_name: 'Acme Dental',
      balance: { amount: 2500, currency: 'USD' },
      minutes_balance: 500,
      monthly_usage_minutes: 0,
      monthly_spend: { amount: 0, currency: 'USD' },
      monthly_spend_cap: null,
      ip_allowlist: [],
      ip_allowlist_updated_at: at,
      created_at: at,
      ...account,
    });
    const [number] = seedNumbers(this.stores, id, this.clock);
    if (!this.ids.has(CANONICAL_NUMBER_ID)) this.learn(CANONICAL_NUMBER_ID, number.id);
    return id;
  }

  private learn(canonicalId: string, realId: string) {
    if (this.ids.has(canonicalId) || this.canonical.has(realId)) return;
    this.ids.set(canonicalId, realId);
    this.canonical.set(realId, canonicalId);
  }

  /** A request context at the world's clock, which then moves on 5 seconds. */
  context(mode: 'live' | 'test' = 'test', accountId = this.accountId): RequestContext {
    const now = new Date(this.clock);
    this.clock = new Date(this.clock.getTime() + 5000);
    return {
      requestId: newId('req'),
      now,
      account: this.stores.accounts.get(accountId)!,
      apiKey: this.keys[mode],
      mode,
      clientIp: '127.0.0.1',
      stores: this.stores,
      emit: (type, object) => this.emitted.push({ type, object }),
    };
  }

  /** Calls one handler; a thrown ApiError becomes its problem response. */
  call(operationId: string, input: Input = {}, mode: 'live' | 'test' = 'test', accountId = this.accountId): Outcome {
    const ctx = this.context(mode, accountId);
    try {
      return HANDLERS[operationId]({ path: {}, query: {}, header: {}, ...input }, ctx);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { status: err.status, body: problemBody(err, ctx.requestId), headers: err.extra.headers };
    }
  }

  /** Sends request example N and checks the answer reproduces response example N. */
  replay(step: Step, mode: 'live' | 'test' = 'test'): Outcome {
    const { operationId, pair } = pairOf(step);
    const { path, query, header, body } = mapStrings(pair.request, this.ids);
    const outcome = this.call(operationId, { path, query, header, body }, mode);
    expect(outcome.status, `${step}: status (${JSON.stringify(outcome.body)})`).toBe(Number(pair.response.status));
    const response = operations.get(operationId)!.op.responses![pair.response.status];
    const schema = response.content?.[pair.response.mediaType]?.schema;
    expect(validator.validate(schema, outcome.body), `${step}: body schema`).toEqual([]);
    const want: any = pair.response.value;
    if (outcome.status >= 400) {
      expect(outcome.body.code, `${step}: error code`).toBe(want.code);
      return outcome;
    }
    this.learnIds(want, outcome.body);
    const got = stable(mapStrings(outcome.body, this.canonical));
    if (want?.object === 'list') {
      for (const item of want.data) expect(got.data, `${step}: list item ${item.id}`).toContainEqual(stable(item));
    } else {
      expect(got, `${step}: stable values`).toEqual(stable(want));
    }
    return outcome;
  }

  /** Replays steps in order, each of which must reproduce its own example. */
  given(...steps: Step[]): this {
    for (const step of steps) this.replay(step);
    return this;
  }

  /** The canonical ids of a response example, learned from where the real answer has them. */
  private learnIds(want: unknown, got: unknown) {
    if (typeof want === 'string' && typeof got === 'string' && ID.test(want) && ID.test(got)) this.learn(want, got);
    else if (Array.isArray(want) && Array.isArray(got)) want.forEach((w, i) => this.learnIds(w, got[i]));
    else if (want && got && typeof want === 'object' && typeof got === 'object' && !Array.isArray(want)) {
      for (const [k, w] of Object.entries(want)) this.learnIds(w, (got as any)[k]);
    }
  }

  /** The stored document (with its internal fields). */
  doc<T = any>(kind: string, id: string): T | undefined {
    return this.stores.resources.get<T>(this.accountId, kind, this.ids.get(id) ?? id);
  }

  account(): AccountRecord {
    return this.stores.accounts.get(this.accountId)!;
  }
}

/**
 * The `validation-error` examples are invalid on purpose: the pipeline's request validation
 * answers them with 422 before any handler runs. Returns the schema errors of the request.
 */
export function requestSchemaErrors(step: Step): unknown[] {
  const { operationId, pair } = pairOf(step);
  const op = operations.get(operationId)!.op;
  const errors: unknown[] = [];
  for (const p of op.parameters ?? []) {
    const value = (pair.request as any)[p.in]?.[p.name];
    if (value !== undefined) errors.push(...validator.validate(p.schema, value));
  }
  if (pair.request.body !== undefined) {
    errors.push(...validator.validate(op.requestBody!.content['application/json'].schema, pair.request.body));
  }
  return errors;
}
