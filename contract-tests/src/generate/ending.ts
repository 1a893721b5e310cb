// Ending what a generated case made, at once and on a worker key: the documented endings its
// create's links name (a DELETE first; what a DELETE refuses as busy is ended first, then deleted
// again). Worker keys keep the admin key's budget (and its per-policy limits, 10 hang-ups a minute)
// for the run's own cleanup, which ends everything again at the end, harmlessly.
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { endingsOf } from '../cleanup.js';
import { presentedBy } from '../keys.js';
import { worker } from '../probes/support.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json } from '../types.js';

export async function endCreated(env: RunEnv, so: SpecOperation, made: Exchange): Promise<void> {
  if (!made.created || !made.response) return;
  const endings = endingsOf(so, made.response.status, made.response.json as Json, [...env.plan.ops.values()]);
  const send = async (e: (typeof endings)[number]) =>
    (await env.exchange(e.op, { path: e.path }, presentedBy(await worker(env, e.op)))).response?.status;
  const deletes = endings.filter((e) => e.op.method === 'delete');
  const others = endings.filter((e) => e.op.method !== 'delete');
  if (!deletes.length) {
    for (const e of others) await send(e);
    return;
  }
  for (const d of deletes) {
    if ((await send(d)) !== 409) continue;
    for (const e of others) await send(e);
    await send(d);
  }
}
