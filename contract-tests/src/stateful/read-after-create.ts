// Read-after-create on a resource made for it (ARCHITECTURE.md §6): read back, it equals the create's
// answer (the secret shown once aside, date-times only moving forward), and its list shows it.
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import type { Observation } from '../probes/types.js';
import { readAfterCreate as verdict } from './check-read-after-create.js';
import { withFresh } from './fresh.js';
import { type FamilyParams, familyCase, statefulFamilies } from './plan.js';
import { lookInList, onItem } from './requests.js';

const definition = {
  id: 'read-after-create',
  title: 'A created resource reads back as created',
  kind: 'stateful',
  caseIdPrefix: 'stateful',
  phase: PHASE.stateful,
  verdicts: [verdict],
  keys: ['admin'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

const NO_REQUEST = { name: 'default', path: {}, query: {}, header: {} };

export const readAfterCreateProbe = defineProbe<FamilyParams>({
  ...definition,
  plan: (ctx) =>
    ctx.derive(statefulFamilies).flatMap(({ family, plan, skip }) => {
      if (!family.create) return [];
      const base = { so: family.create, responseChecks: false };
      if (!plan)
        return [
          probeCase(
            definition,
            { ...base, expected: { status: '200', example: 'default' }, request: NO_REQUEST, skip, why: 'fresh resource' },
            ctx,
          ),
        ];
      return [familyCase(definition, ctx, family.create, plan, `a fresh copy of "${plan.create.example}", read back and listed`)];
    }),
  run: (env, c) =>
    withFresh(env, c.params?.family, 'new', async (plan, id, made) => {
      const read = await onItem(env, plan.read, id);
      const back = { kind: 'read-back', created: made?.body ?? {}, rules: plan.rules } as const;
      const out: Observation[] = [{ label: 'read', exchange: read.exchange, sent: read.inputs, evidence: back }];
      if (plan.list) {
        const { evidence, last } = await lookInList(env, plan.list, id, 'present');
        out.push({ label: 'list', exchange: last, evidence });
      }
      return out;
    }),
});
