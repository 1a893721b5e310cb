// The exact concurrency limit: the collection the limited operation creates into is read before
// the run (discover phase), so that last of all the account can be made quiet again (what the
// run created since is ended) and a burst of limit + 2 creates must be admitted exactly `limit`
// times. Ending and creating go through a pool of fresh keys sized for the work (key-pool.ts):
// tens of requests on a 10-per-minute policy would otherwise wait on the workers' limits.
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { endingsOf } from '../cleanup.js';
import { type MintedKey, presentedBy } from '../keys.js';
import { inputsOf, RESPONSE_ONLY, worker } from '../probes/support.js';
import type { Probe } from '../probes/types.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json } from '../types.js';
import type { ConcurrencyEvidence } from './concurrency.js';
import { keyPool, minterKey } from './key-pool.js';
import { readList } from './other-account.js';
import { recall, remember } from './run-memory.js';

const baselineKey = (operationId: string) => `concurrency-baseline:${operationId}`;
const poolPurpose = (operationId: string) => `concurrency ${operationId}`;

/** Runs on the list (case operationId); remembers its ids for the limited operation (params.target). */
export const concurrencyBaseline: Probe = async (env, c) => {
  const list = env.op(c.operationId);
  // The burst's minter, minted now: by the last phase the admin key's limit may be spent.
  void minterKey(env, poolPurpose(String(c.params?.target))).catch(() => undefined);
  const read = await readList(env, list, async () => presentedBy(await worker(env, list)));
  if (!read.truncated) remember(env, baselineKey(String(c.params?.target)), new Set(read.ids));
  return [{ label: 'before the run', exchange: read.pages[0], checks: RESPONSE_ONLY }];
};

type KeyFor = (so: SpecOperation) => Promise<MintedKey>;

/** Ends what `so` created (`body`) through its documented endings; cleanup then leaves it alone. */
async function end(env: RunEnv, keyFor: KeyFor, so: SpecOperation, status: number, body: Json): Promise<void> {
  let done = false;
  for (const e of endingsOf(so, status, body, [...env.plan.ops.values()])) {
    const r = await env.exchange(e.op, { path: e.path }, presentedBy(await keyFor(e.op)));
    // Ended now, or already (409): either way nothing is left for cleanup to end.
    done ||= r.response !== undefined && (r.response.status < 300 || r.response.status === 409);
  }
  if (done && typeof body.id === 'string') env.cleanup.markEnded(body.id);
}

const codeOf = (value: unknown): string | undefined => {
  const code = (value as Json | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

export const concurrencyBurst: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const limit = Number(c.params?.limit);
  const created = Number(c.params?.createdStatus);
  const before = recall<Set<string>>(env, baselineKey(so.operationId));
  const list = typeof c.params?.list === 'string' ? env.op(c.params.list) : undefined;
  // Quiet: what the run created since the snapshot is ended now (cleanup would at the end).
  const now = before && list ? await readList(env, list, async () => presentedBy(await worker(env, list))) : undefined;
  const stale = now ? now.ids.filter((id) => !before!.has(id)) : [];
  const endings = endingsOf(so, created, { id: 'any' }, [...env.plan.ops.values()]).map((e) => e.op);
  const requests = (stale.length + limit) * endings.length + limit + 2;
  const pick = await keyPool(env, poolPurpose(so.operationId), [so, ...endings], requests);
  const keyFor: KeyFor = async (op) => pick(op) ?? (await worker(env, op));
  for (const id of stale) await end(env, keyFor, so, created, { id });

  const inputs = inputsOf(env, c);
  const create = async () => env.exchange(so, inputs, presentedBy(await keyFor(so)), { provoked: true });
  const burst: Exchange[] = await Promise.all(Array.from({ length: limit + 2 }, create));
  const admitted = burst.filter((e) => e.response && e.response.status < 300);
  const refused = burst.filter((e) => !e.response || e.response.status >= 300);
  try {
    const documented = codeOf(c.expected.value);
    const evidence: ConcurrencyEvidence = {
      limit,
      ...(before ? { before: before.size } : {}),
      sent: burst.length,
      admitted: admitted.length,
      refusals: refused.map((e) => ({ status: e.response?.status ?? 0, code: codeOf(e.response?.json) })),
      ...(documented ? { code: documented } : {}),
    };
    const shown = refused[0] ?? burst.at(-1);
    return [{ label: refused.length ? 'first refusal' : 'last create', exchange: shown, sent: inputs, related: { ...evidence } }];
  } finally {
    for (const e of admitted) if (e.created) await end(env, keyFor, so, e.response!.status, e.response!.json as Json);
  }
};
