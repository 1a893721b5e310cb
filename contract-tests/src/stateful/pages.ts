// Lists (ARCHITECTURE.md §6): small pages walked by next_cursor against one big page (limit honoured,
// every item once, stable order), topped up with fresh items where the family can be created.
import { PHASE } from '../plan/phases.js';
import { defineProbe, probeCase } from '../probes/define.js';
import type { Observation } from '../probes/types.js';
import type { RunEnv } from '../run-env.js';
import { cursorWalk, limitHonoured } from './check-pages.js';
import { PAGE_SIZE } from './family.js';
import { exclusive } from './lock.js';
import type { ListPlan } from './model.js';
import { type ListParams, statefulLists } from './plan.js';
import { createFresh, endFresh, isPage, listPage, type Page } from './requests.js';
import { MIN_ITEMS, sameList, walk } from './walk.js';

const definition = {
  id: 'pages',
  title: 'Pages walk the whole list once',
  kind: 'stateful',
  caseIdPrefix: 'stateful',
  phase: PHASE.stateful,
  verdicts: [limitHonoured, cursorWalk],
  keys: ['admin'],
  counts: { workerRequests: 1, perSourceIp: true },
} as const;

/** A page of the documented maximum size: what every walk is compared against. */
async function bigPage(env: RunEnv, plan: ListPlan): Promise<Page | { skip: string }> {
  const page = await listPage(env, plan.operationId, { [PAGE_SIZE]: plan.max });
  return isPage(page) ? page : { skip: `${plan.operationId}?${PAGE_SIZE}=${plan.max} answered ${page.error}` };
}

async function walkAndCompare(env: RunEnv, plan: ListPlan, first: Page): Promise<Observation[] | { skip: string }> {
  let big = first;
  for (let attempt = 0; attempt < 2; attempt++) {
    const why = plan.family ? '' : ' and cannot be added to';
    if (big.ids.length < 2) return { skip: `${plan.operationId} holds ${big.ids.length} item(s)${why}: no page smaller than the list` };
    const { pages, evidence } = await walk(env, plan, big);
    const after = await bigPage(env, plan);
    if ('skip' in after) return after;
    if (!sameList(big, after)) {
      big = after;
      continue;
    }
    const shown = pages[0]?.exchange ?? big.exchange;
    return [
      {
        label: `first page (limit=${evidence.limit})`,
        exchange: shown,
        checks: [limitHonoured.id],
        evidence: { kind: 'page-limit', limit: evidence.limit, sizes: pages.map((p) => p.ids.length) },
      },
      { label: `walk (${pages.length} pages)`, exchange: pages.at(-1)?.exchange ?? shown, checks: [cursorWalk.id], evidence },
    ];
  }
  return { skip: `${plan.operationId} changed during two walks (another writer): the order could not be compared` };
}

export const pagesProbe = defineProbe<ListParams>({
  ...definition,
  plan: (ctx) =>
    ctx.derive(statefulLists).map(({ so, plan }) =>
      probeCase(
        definition,
        {
          so,
          expected: { status: '200', example: 'default' },
          request: plan.family?.create.request ?? { name: 'default', path: {}, query: {}, header: {} },
          responseChecks: false,
          params: { list: plan },
          why: 'small pages walked by next_cursor against one big page',
        },
        ctx,
      ),
    ),
  run: async (env, c) => {
    const plan = c.params?.list;
    if (!plan) return { skip: 'no list plan' };
    return exclusive(env, c.path, async () => {
      let big = await bigPage(env, plan);
      if ('skip' in big) return big;
      const made: string[] = [];
      try {
        // Too few items to show anything: fresh ones (ended right after) where the family can be created.
        for (let i = big.ids.length; i < MIN_ITEMS && plan.family; i++) {
          const fresh = await createFresh(env, plan.family);
          if ('skip' in fresh) break;
          made.push(fresh.id);
        }
        if (made.length) big = await bigPage(env, plan);
        if ('skip' in big) return big;
        return await walkAndCompare(env, plan, big);
      } finally {
        if (plan.family) for (const id of made) await endFresh(env, plan.family, id);
      }
    });
  },
});
