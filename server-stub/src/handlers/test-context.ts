// Test support for handler tests: an in-memory database with one or more accounts, a
// RequestContext per (key, time, address), the spec's documented examples, and a check that a
// handler's answer matches the response schema the spec documents for its status.
import { expect } from 'vitest';
import { buildRequest, pairExamples, type ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import { createSchemaValidator } from '../../../openapi/tools/schema-validator.js';
import { listOperations, loadSpec, type SpecOperation } from '../../../openapi/tools/spec.js';
import type { RequestContext, Stores } from '../context.js';
import { ApiError } from '../http/problem.js';
import { newId } from '../ids.js';
import { AccountStore, type AccountRecord } from '../store/accounts.js';
import { ApiKeyStore, type ApiKey, type Scope } from '../store/api-keys.js';
import { openDatabase, type Db } from '../store/db.js';
import { ResourceStore } from '../store/resources.js';
import type { Call, StoredCall } from './call-lifecycle.js';
import type { OperationId } from './types.js';

const spec = loadSpec();
const validator = createSchemaValidator(spec);
const operations = new Map<string, SpecOperation>(listOperations(spec).map((o) => [o.operationId, o]));

export const ALL_SCOPES: Scope[] = spec.components.schemas.ApiKeyScope.enum;

export interface Emitted {
  type: string;
  object: unknown;
}

export interface TestWorld {
  db: Db;
  stores: Stores;
  events: Emitted[];
  /** Adds an account with an all-scopes key of `mode`. */
  account(options?: { mode?: 'live' | 'test'; now?: Date }): TestAccount;
}

export interface TestAccount {
  record: AccountRecord;
  key: ApiKey;
  secret: string;
  /** Another key of this account. */
  addKey(scopes: Scope[], options?: { mode?: 'live' | 'test'; expiresAt?: string | null; now?: Date }): { key: ApiKey; secret: string };
  /** The context of one request by `key` (default: the all-scopes key). */
  ctx(options?: { key?: ApiKey; now?: Date; clientIp?: string }): RequestContext;
}

export const T0 = new Date('2026-11-20T11:00:00Z');

export function testWorld(): TestWorld {
  const db = openDatabase(':memory:');
  const stores: Stores = { accounts: new AccountStore(db), keys: new ApiKeyStore(db), resources: new ResourceStore(db) };
  const events: Emitted[] = [];
  return {
    db,
    stores,
    events,
    account({ mode = 'test', now = T0 } = {}) {
      const record: AccountRecord = {
        id: newId('acct'),
        email: 'ops@acme.example',
        company_name: 'Acme Dental',
        balance: { amount: 2500, currency: 'USD' },
        minutes_balance: 500,
        monthly_usage_minutes: 120,
        monthly_spend: { amount: 1840, currency: 'USD' },
        monthly_spend_cap: { amount: 50000, currency: 'USD' },
        ip_allowlist: [],
        ip_allowlist_updated_at: now.toISOString(),
        created_at: now.toISOString(),
      };
      stores.accounts.insert(record);
      const addKey: TestAccount['addKey'] = (scopes, o = {}) =>
        stores.keys.create(record.id, o.mode ?? mode, { name: 'Test key', scopes, expires_at: o.expiresAt ?? null }, o.now ?? now);
      const admin = addKey(ALL_SCOPES);
      return {
        record,
        key: admin.key,
        secret: admin.secret,
        addKey,
        ctx: ({ key = admin.key, now: at = now, clientIp = '127.0.0.1' } = {}) => ({
          requestId: newId('req'),
          now: at,
          account: stores.accounts.get(record.id)!,
          apiKey: key,
          mode: key.mode,
          clientIp,
          stores,
          emit: (type, object) => events.push({ type, object }),
        }),
      };
    },
  };
}

/** The documented example pair `name` of an operation: its request inputs and response. */
export function example(operationId: OperationId, name: string): { request: ExampleRequest; status: number; value: any } {
  const op = operations.get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in the bundled spec`);
  const pair = pairExamples(op.op).pairs.find((p) => p.name === name);
  if (!pair) throw new Error(`no example pair ${name} for ${operationId}`);
  return { request: pair.isDefault ? buildRequest(op.op, undefined) : pair.request, status: Number(pair.response.status), value: pair.response.value };
}

/** Fails the test unless `body` matches the schema the spec documents for `status`. */
export function expectDocumented(operationId: OperationId, result: { status: number; body: unknown }): void {
  const response = operations.get(operationId)?.op.responses?.[String(result.status)];
  expect(response, `${operationId} documents no ${result.status}`).toBeDefined();
  const schema = response?.content?.['application/json']?.schema;
  expect(validator.validate(schema, result.body)).toEqual([]);
}

/** Runs `fn` and returns the ApiError it throws (fails the test when it returns or throws anything else). */
export async function thrown(fn: () => unknown): Promise<ApiError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected an ApiError, but the handler answered');
}

/** The stable fields of `value`: `keys` picked out, for comparing with a documented example. */
export const pick = (value: any, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, value?.[k]]));

let callSeq = 0;

/** A stored call document (ended calls get an end reason and a talk time of 0 unless given). */
export function storedCall(status: Call['status'], extra: Partial<StoredCall> = {}): StoredCall {
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
