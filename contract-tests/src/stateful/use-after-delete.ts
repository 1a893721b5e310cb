// Use-after-delete on a fresh resource (ARCHITECTURE.md §6): read it (test-mode resources settle on
// read, as the documented flows do), end it as documented, then read it, end it again and look
// for it in its list.

import { PHASE } from '../plan/phases.js';
import { defineProbe } from '../probes/define.js';
import type { Observation } from '../probes/types.js';
import { useAfterDelete as verdict } from './check-use-after-delete.js';
import { withFresh } from './fresh.js';
import { type FamilyParams, familyCase, statefulFamilies } from './plan.js';
import { is2xx, lookInList, onItem, received } from './requests.js';

const definition = {
  id: 'use-after-delete',
  title: 'An ended resource stays ended',
  kind: 'stateful',
  caseIdPrefix: 'stateful',
  phase: PHASE.stateful,
  verdicts: [verdict],
  keys: ['admin'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const useAfterDeleteProbe = defineProbe<FamilyParams>({
  ...definition,
  plan: (ctx) =>
    ctx
      .derive(statefulFamilies)
      .flatMap(({ family, plan }) =>
        plan?.ending && family.ending
          ? [
              familyCase(
                definition,
                ctx,
                family.ending,
                plan,
                `the "${plan.ending.example}" ending on a fresh copy, then read, repeat, list`,
              ),
            ]
          : [],
      ),
  run: (env, c) =>
    withFresh(env, c.params?.family, 'last', async (plan, id) => {
      const ending = plan.ending;
      if (!ending) return { skip: 'the family documents no ending' };
      await onItem(env, plan.read, id);
      const end = await onItem(env, ending.operationId, id, ending.request);
      const what = `${ending.operationId} "${ending.example}"`;
      if (!is2xx(end.exchange)) return { skip: `${what} of a fresh copy answered ${received(end.exchange)}` };
      const endedBy = `${ending.operationId} (${ending.mode === 'gone' ? 'deleted' : 'ended'})`;
      const read = await onItem(env, plan.read, id);
      const out: Observation[] = [
        {
          label: 'read after',
          exchange: read.exchange,
          sent: read.inputs,
          evidence: { kind: 'read-after-end', want: ending.readAfter, endedState: ending.endedState, endedBy },
        },
      ];
      if (ending.again) {
        const again = await onItem(env, ending.operationId, id, ending.request);
        out.push({
          label: 'again',
          exchange: again.exchange,
          sent: again.inputs,
          evidence: { kind: 'end-again', want: ending.again, endedState: ending.endedState, endedBy: ending.operationId },
        });
      } else out.push({ label: 'again', skip: `${ending.operationId} documents no answer for ending an ended resource` });
      if (plan.list) {
        const want = ending.mode === 'gone' ? 'absent' : 'absent-or-ended';
        const { evidence, last } = await lookInList(env, plan.list, id, want, ending.endedState);
        out.push({ label: 'list', exchange: last, evidence });
      }
      return out;
    }),
});
