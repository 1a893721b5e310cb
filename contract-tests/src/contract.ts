// The contract's meaning as the runner reads it: the contract model (openapi/tools/contract-model.ts)
// and nothing else. No code under contract-tests/src reads the spec's `x-` extensions (scopes,
// rate-limit policies, concurrency limits, test values, body limits …): a test enforces it
// (openapi/tools/no-raw-extensions.test.ts). Here: the lookups and phrasings plan and probes share.
import { type ContractModel, contractModel, type OperationContract, type RateLimitPolicy } from '../../openapi/tools/contract-model.js';
import type { Spec } from '../../openapi/tools/spec.js';

/** The contract of one operation of `spec` (the model is built once per spec object). */
export const contractOf = (spec: Spec, op: { operationId: string }): OperationContract => contractModel(spec).operation(op.operationId);

/** The contract of one operation; the model defaults to the bundled spec's (what unit tests read). */
export const operationContract = (op: { operationId: string }, model: ContractModel = contractModel()): OperationContract =>
  model.operation(op.operationId);

/** Names of the policies that count a request of the operation, in the order it names them. */
export const policyNames = (c: OperationContract): string[] => c.policies.map((p) => p.name);

/** The policy that limits the operation per source address, a budget the whole run shares. */
export const perSourceIp = (c: OperationContract): RateLimitPolicy | undefined => c.policies.find((p) => p.per === 'source-ip');

/** A policy as skip reasons name it: `otp-source-ip: 5/60s`. */
export const describePolicy = (p: RateLimitPolicy): string => `${p.name}: ${p.limit}/${p.windowSeconds}s`;
