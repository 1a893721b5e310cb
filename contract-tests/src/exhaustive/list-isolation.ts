// Tenant isolation of lists (ARCHITECTURE.md §2): another account's key sees none of this account's
// items in any list, on any page; read by both accounts after this account's creates.
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, NEEDS_OTHER_KEY, probeCase } from '../probes/define.js';
import { RESPONSE_ONLY, worker } from '../probes/support.js';
import type { Observation } from '../probes/types.js';
import { listIsolationVerdict } from './isolation-checks.js';
import { otherAccount, readList } from './other-account.js';
import { itemIds } from './pagination.js';
import { collectionReads, successPair } from './targets.js';

const definition = {
  id: 'list-isolation',
  title: "Lists show only the account's own items",
  kind: 'stateful',
  phase: PHASE.conflict,
  verdicts: [listIsolationVerdict],
  keys: ['worker', 'other-account'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const listIsolation = defineProbe({
  ...definition,
  plan: (ctx) =>
    collectionReads(ctx.spec, ctx.ops).lists.flatMap((so) => {
      const pair = successPair(so);
      if (!pair) return [];
      // Unfiltered, whole: the probe sends its own query (every page, the largest page size).
      const request = { ...pair.request, query: {} };
      return [
        probeCase(
          definition,
          { so, expected: pair.response, request, why: "every page, with both accounts' keys, after this account's creates" },
          ctx,
        ),
      ];
    }),
  run: async (env, c) => {
    const other = otherAccount(env);
    if (!other) return { skip: NEEDS_OTHER_KEY };
    const so = env.op(c.operationId);
    const own = await readList(env, so, async () => presentedBy(await worker(env, so)));
    const theirs = await readList(env, so, async () => other);
    const evidence = {
      kind: 'list-isolation',
      own: own.ids,
      known: [...env.ids.values()] as string[],
      other: theirs.ids,
      pages: theirs.pages.length,
      truncated: theirs.truncated,
    } as const;
    const mine = new Set([...own.ids, ...evidence.known]);
    // The page that shows the first leaked item, else the first.
    const shown = theirs.pages.find((p) => itemIds(p.response?.json).some((id) => mine.has(id))) ?? theirs.pages[0];
    const out: Observation[] = [{ label: 'other account', exchange: shown, evidence }];
    if (own.pages[0]) out.unshift({ label: 'this account', exchange: own.pages[0], checks: RESPONSE_ONLY });
    return out;
  },
});
