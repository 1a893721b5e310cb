// ARCHITECTURE.md §2: every operation on a resource this run created or discovered (reads, updates,
// deletes, actions), with the other account's key: 404, never 403 or the resource, and nothing done.
import type { ExamplePair } from '../../../openapi/tools/example-pairs.js';
import { crossAccountNotFound } from '../checks/security-verdicts.js';
import { otherAccountKey } from '../client.js';
import { idsIn } from '../plan/ids.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, NEEDS_OTHER_KEY } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, single } from './support.js';

const definition = {
  id: 'cross-account',
  title: "Another account's resource",
  kind: 'probe',
  phase: PHASE.conflict,
  verdicts: [crossAccountNotFound],
  keys: ['other-account'],
  counts: { workerRequests: 0, perSourceIp: true },
} as const;

export const crossAccount = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => {
      const producedOrListed = (id: string) => ctx.examples.some((c) => c.produces.includes(id) || c.discovers.includes(id));
      const ours = (p: ExamplePair) => {
        const ids = [...idsIn(p.request.path, ctx.known)];
        return ids.length > 0 && ids.every(producedOrListed);
      };
      const created = (p: ExamplePair) =>
        [...idsIn(p.request.path, ctx.known)].some((id) => ctx.examples.some((c) => c.produces.includes(id)));
      const { pairs } = f.contract;
      const read =
        pairs.find((p) => f.so.method === 'get' && /^2/.test(p.response.status) && created(p)) ??
        pairs.find((p) => /^2/.test(p.response.status) && ours(p));
      const notFound = pairs.find((p) => p.response.status === '404');
      return read && notFound ? documentedCase(definition, ctx, f, notFound.response, { pair: read }) : [];
    }),
  run: async (env, c) => {
    const other = env.settings.otherKey;
    if (!other) return { skip: NEEDS_OTHER_KEY };
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    return single(await env.exchange(so, inputs, otherAccountKey(other)), inputs);
  },
});
