// Replays documented example pairs (ARCHITECTURE.md §6) through the whole stub over `inject`:
// request example N, with canonical ids mapped to the ids the stub really created, sent with a
// test key; the answer must reproduce response example N as openapi/tools/example-replay.ts
// decides it (status, schema, stable values), ids learnt into the caller's map.
import { type IdMap, reproduces, requestTarget, substitute } from '../../../openapi/tools/example-replay.js';
import { validator } from './assert.js';
import { documentedOf, pairOf, type Step, spec } from './examples.js';

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}
export type Send = (request: Sent) => Promise<{ statusCode: number; body: string }>;

/** Sends one pair's request through `send`; answers the mismatches (empty: reproduced). `ids` is learnt into. */
export async function replayOverHttp(step: Step, send: Send, secret: string, ids: IdMap): Promise<string[]> {
  const { op, pair } = pairOf(step);
  const req = substitute(pair.request, ids);
  const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
  for (const [k, v] of Object.entries(req.header)) headers[k.toLowerCase()] = String(v);
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const url = requestTarget(op.path, req);
  const res = await send({
    method: op.method.toUpperCase(),
    url,
    headers,
    payload: req.body === undefined ? undefined : JSON.stringify(req.body),
  });

  let body: unknown;
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    return [`answer is not JSON: ${res.body.slice(0, 200)}`];
  }
  const mismatches = reproduces({ status: res.statusCode, body }, documentedOf(step), { spec, ids, sent: req, validator });
  return mismatches.map((m) => (m.part === 'status' ? `${m.message}: ${res.body.slice(0, 300)}` : m.message));
}
