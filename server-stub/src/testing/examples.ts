// The spec's documented example pairs (ARCHITECTURE.md §6) as the tests replay them: request
// example N and response example N of an operation, named `operationId:name`, read from the
// contract model. Mapping canonical ids and comparing answers is openapi/tools/example-replay.ts.
import { contractModel } from '../../../openapi/tools/contract-model.js';
import type { ExamplePair, ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import { type DocumentedResponse, documentedResponse } from '../../../openapi/tools/example-replay.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { SEED_ACCOUNTS } from '../seed.js';

export const model = contractModel();
export const spec = model.spec;

/** `operationId:example-name`, e.g. `createAgent:created`. */
export type Step = `${string}:${string}`;

/** Given: the name of a state; steps: the pairs replayed in order, each as documented. */
export interface Scenario {
  given: string;
  steps: Step[];
}

/** The ids the examples give the caller's account and its seeded number. */
export const CANONICAL = { account: SEED_ACCOUNTS[0].id, number: 'num_4Gh7Jk2Lp9Qw3Rt8Yx5Zb1' } as const;

export const operation = (operationId: string): SpecOperation => model.operation(operationId).source;

/** The reproducible example pairs of an operation. */
export const pairsOf = (operationId: string): ExamplePair[] => model.operation(operationId).pairs;

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
export const documentedSteps = (operationIds: string[] = model.operations.map((o) => o.operationId)): Step[] =>
  operationIds.flatMap((id) => pairsOf(id).map((p) => `${id}:${p.name}` as Step)).sort();

/** The distinct pairs a table of scenarios replays, sorted. */
export const coveredSteps = (table: Scenario[]): Step[] => [...new Set(table.flatMap((s) => s.steps))].sort();

/** A step's response example with its schema, as openapi/tools/example-replay.ts compares it. */
export function documentedOf(step: Step): DocumentedResponse {
  const { op, pair } = pairOf(step);
  return documentedResponse(op.op, pair.response);
}
