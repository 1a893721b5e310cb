// An unknown cursor (ARCHITECTURE.md §6): `starting_after` naming no item of the list is the
// documented 422 naming the parameter, never an empty page or the first one.
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import { unknownCursorRefused } from './check-unknown-cursor.js';
import { CURSOR } from './family.js';
import { type ListParams, statefulLists } from './plan.js';
import { listPage } from './requests.js';

const definition = {
  id: 'unknown-cursor',
  title: 'An unknown cursor is refused',
  kind: 'stateful',
  caseIdPrefix: 'stateful',
  phase: PHASE.stateful,
  verdicts: [unknownCursorRefused],
  keys: ['admin'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

export const unknownCursorProbe = defineProbe<ListParams>({
  ...definition,
  plan: (ctx) =>
    ctx.derive(statefulLists).map(({ so, plan }) => {
      const skip = !plan.unknownCursor
        ? `${so.operationId}'s items document no id pattern to build an unknown id from`
        : !plan.refusal
          ? `${so.operationId} documents no 422 for invalid query parameters`
          : undefined;
      return probeCase(
        definition,
        {
          so,
          expected: { status: '200', example: 'default' },
          request: { name: 'default', path: {}, query: {}, header: {} },
          responseChecks: false,
          params: { list: plan },
          ...(skip ? { skip } : {}),
          why: `${CURSOR}=${plan.unknownCursor || '?'}`,
        },
        ctx,
      );
    }),
  run: async (env, c) => {
    const plan = c.params?.list;
    if (!plan?.refusal) return { skip: 'no documented refusal of an invalid cursor' };
    const page = await listPage(env, plan.operationId, { [CURSOR]: plan.unknownCursor });
    return [
      {
        label: `${CURSOR}=${plan.unknownCursor}`,
        exchange: page.exchange,
        evidence: { kind: 'unknown-cursor', cursor: plan.unknownCursor, want: plan.refusal },
      },
    ];
  },
});
