// Test support for the core's tests: a stub over an in-memory database whose handlers are fakes
// (every operation answers its first documented success example), so the pipeline can be tested
// on its own. Keys are minted straight in the store with exactly the scopes a case needs.
import { createStub, type StubOptions } from '../app.js';
import { DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY } from '../config.js';
import type { AnyHandler, HandlerMap } from '../pipeline/handle.js';
import { SEED_ACCOUNTS } from '../seed.js';
import type { NewKey, Scope } from '../store/api-keys.js';
import { model, spec } from './examples.js';

export const ADMIN_KEY = DEFAULT_ADMIN_KEY;
export const OTHER_KEY = DEFAULT_OTHER_ADMIN_KEY;
export const ACCOUNT = SEED_ACCOUNTS[0].id;
export const OTHER_ACCOUNT = SEED_ACCOUNTS[1].id;

/** Every operation answers its first documented 2xx example (a valid body by construction). */
export function exampleHandlers(): Record<string, AnyHandler> {
  const out: Record<string, AnyHandler> = {};
  for (const {
    operationId,
    source: { op },
  } of model.operations) {
    const success = Object.entries<any>(op.responses ?? {}).find(([s]) => s.startsWith('2'));
    if (!success) continue;
    const examples = Object.values<any>(success[1].content?.['application/json']?.examples ?? {});
    const body = examples[0]?.value;
    out[operationId] = () => ({ status: Number(success[0]), body: structuredClone(body) });
  }
  return out;
}

export async function testStub(options: StubOptions & { override?: HandlerMap } = {}) {
  const { override, ...rest } = options;
  return createStub({
    spec,
    handlers: { ...exampleHandlers(), ...override },
    ...rest,
    config: { db: ':memory:', ...rest.config },
  });
}

export type TestStub = Awaited<ReturnType<typeof testStub>>;

/** A key of the first (or given) account with these scopes; answers its secret. */
export function mintKey(
  stub: TestStub,
  scopes: Scope[],
  extra: Partial<NewKey> & { account?: string; mode?: 'live' | 'test' } = {},
): string {
  const { account = ACCOUNT, mode = 'test', ...rest } = extra;
  return stub.stores.keys.create(account, mode, { name: 'test key', scopes, ...rest }, new Date()).secret;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
