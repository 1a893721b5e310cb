// ARCHITECTURE.md §3 probes: bodies the API cannot read (invalid JSON, too large, not JSON) get their own
// 4xx problem, never a 500, a hang or a crash.
import { presentedBy } from '../keys.js';
import { malformedJson, oversizedBody } from '../plan/safe-request.js';
import type { RunEnv } from '../run-env.js';
import type { PlannedCase } from '../types.js';
import { inputsOf, single, worker } from './support.js';
import type { Probe } from './types.js';

/** Twice the operation's documented body limit (the contract model's): over it, however a server counts. */
const oversizedBytes = (env: RunEnv, c: PlannedCase) => 2 * env.contract(env.op(c.operationId)).bodyLimit;

export const malformedJsonBody: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await worker(env, so);
  return single(await env.exchange(so, { ...inputs, rawBody: malformedJson(inputs.body) }, presentedBy(key)), inputs);
};

export const payloadTooLarge: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await worker(env, so);
  const size = oversizedBytes(env, c);
  const rawBody = oversizedBody(inputs.body, size);
  return single(await env.exchange(so, { ...inputs, rawBody, bodyNote: `a valid JSON body of ${size} bytes` }, presentedBy(key)), inputs);
};

export const unsupportedMediaType: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await worker(env, so);
  return single(
    await env.exchange(so, { ...inputs, rawBody: JSON.stringify(inputs.body ?? {}), contentType: 'text/plain' }, presentedBy(key)),
    inputs,
  );
};
