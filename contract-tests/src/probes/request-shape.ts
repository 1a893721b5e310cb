// ARCHITECTURE.md §3 probes: bodies the API cannot read (invalid JSON, too large, not JSON) get their own
// 4xx problem, never a 500, a hang or a crash.
import { presentedBy } from '../keys.js';
import { malformedJson, oversizedBody } from '../plan/safe-request.js';
import { inputsOf, single, worker } from './support.js';
import type { Probe } from './types.js';

/** Larger than any documented body limit (64 KiB, 1 MiB for bulk imports), as the example says. */
export const OVERSIZED_BYTES = 2 * 1024 * 1024;

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
  const rawBody = oversizedBody(inputs.body, OVERSIZED_BYTES);
  return single(
    await env.exchange(so, { ...inputs, rawBody, bodyNote: `a valid JSON body of ${OVERSIZED_BYTES} bytes` }, presentedBy(key)),
    inputs,
  );
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
