// Read-after-update on the family's fresh resource (ARCHITECTURE.md §6): the documented update,
// applied to a copy of its own, is what a read then shows.

import { PHASE } from '../plan/phases.js';
import { defineProbe } from '../probes/define.js';
import { readAfterUpdate as verdict } from './check-read-after-update.js';
import { withFresh } from './fresh.js';
import type { UpdateEvidence } from './model.js';
import { type FamilyParams, familyCase, statefulFamilies } from './plan.js';
import { is2xx, onItem, received } from './requests.js';

const definition = {
  id: 'read-after-update',
  title: 'An update reads back as sent',
  kind: 'stateful',
  caseIdPrefix: 'stateful',
  phase: PHASE.stateful,
  verdicts: [verdict],
  keys: ['admin'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const readAfterUpdateProbe = defineProbe<FamilyParams>({
  ...definition,
  plan: (ctx) =>
    ctx
      .derive(statefulFamilies)
      .flatMap(({ family, plan }) =>
        plan?.update && family.update
          ? [familyCase(definition, ctx, family.update, plan, `the "${plan.update.example}" update on a fresh copy, read back`)]
          : [],
      ),
  run: (env, c) =>
    withFresh(env, c.params?.family, 'kept', async (plan, id) => {
      const tpl = plan.update;
      if (!tpl) return { skip: 'the family documents no update' };
      const update = await onItem(env, tpl.operationId, id, tpl.request, tpl.unique);
      if (!is2xx(update.exchange)) return { skip: `the "${tpl.example}" update of a fresh copy answered ${received(update.exchange)}` };
      const read = await onItem(env, plan.read, id);
      const sent = (update.inputs.body ?? {}) as UpdateEvidence['sent'];
      return [
        {
          label: 'read',
          exchange: read.exchange,
          sent: read.inputs,
          evidence: { kind: 'read-after-update', sent, readable: tpl.readable },
        },
      ];
    }),
});
