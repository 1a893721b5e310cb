// The spec's documented example pairs (DESIGN §6) as the tests replay them: request example N and
// response example N of an operation, named `operationId:name`, and the mapping from the canonical
// ids the examples show to the ids a run really created (as the contract runner maps them).
import { pairExamples, type ExamplePair, type ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import { listOperations, loadSpec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { SEED_ACCOUNTS } from '../seed.js';

export const spec = loadSpec();
const operations = new Map(listOperations(spec).map((o) => [o.operationId, o]));

/** `operationId:example-name`, e.g. `createAgent:created`. */
export type Step = `${string}:${string}`;

/** Given: the name of a state; steps: the pairs replayed in order, each as documented. */
export interface Scenario {
  given: string;
  steps: Step[];
}

/** The ids the examples give the caller's account and its seeded number. */
export const CANONICAL = { account: SEED_ACCOUNTS[0].id, number: 'num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1' } as const;

export function operation(operationId: string): SpecOperation {
  const op = operations.get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in the bundled spec`);
  return op;
}

/** The reproducible example pairs of an operation. */
export const pairsOf = (operationId: string): ExamplePair[] => pairExamples(operation(operationId).op).pairs;

export function pairOf(step: Step): { operationId: string; op: SpecOperation; pair: ExamplePair } {
  const [operationId, name] = step.split(':');
  const pair = pairsOf(operationId).find((p) => p.name === name);
  if (!pair) throw new Error(`the spec documents no example pair ${step}`);
  return { operationId, op: operation(operationId), pair };
}

/** A step's request example, and its response example's status and value. */
export function example(step: Step): { request: ExampleRequest; status: number; value: any } {
  const { pair } = pairOf(step);
  return { request: pair.request, status: Number(pair.response.status), value: pair.response.value };
}

/** Every reproducible pair of these operations (default: of the whole spec), sorted. */
export const documentedSteps = (operationIds: string[] = [...operations.keys()]): Step[] =>
  operationIds.flatMap((id) => pairsOf(id).map((p) => `${id}:${p.name}` as Step)).sort();

/** The distinct pairs a table of scenarios replays, sorted. */
export const coveredSteps = (table: Scenario[]): Step[] => [...new Set(table.flatMap((s) => s.steps))].sort();

const ID = /^([a-z]+)_[A-Za-z0-9]{16,32}$/;

/** `agt` for `agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6`; undefined for anything that is not an id. */
export const idPrefix = (value: unknown): string | undefined => (typeof value === 'string' ? ID.exec(value)?.[1] : undefined);

/** Replaces canonical ids (anywhere in a value) by the ids created for them. */
export function mapIds<T>(value: T, ids: Map<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => mapIds(v, ids)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, ids)])) as T;
  return value;
}

/**
 * An id of an example against the id an answer has in its place: it must be the id created for it
 * earlier, or else a new id of the same kind, which is then learnt. Answers what is wrong, if anything.
 */
export function matchId(example: string, actual: unknown, ids: Map<string, string>): string | undefined {
  const mapped = ids.get(example);
  if (mapped !== undefined) return actual === mapped ? undefined : `want the id created for ${example} (${mapped}), got ${JSON.stringify(actual)}`;
  if (idPrefix(actual) !== idPrefix(example)) return `want a ${idPrefix(example)}_ id, got ${JSON.stringify(actual)}`;
  const owner = [...ids].find(([, real]) => real === actual)?.[0];
  if (owner !== undefined) return `want a new id for ${example}, got ${actual}, the id created for ${owner}`;
  ids.set(example, actual as string);
  return undefined;
}
