// Lists: small pages walked by next_cursor against one big page (limit honoured, every item once,
// stable order), topped up with fresh items where the family can be created; an unknown cursor.
import type { Observation, Probe } from '../probes/types.js';
import type { RunEnv } from '../run-env.js';
import type { PlannedCase } from '../types.js';
import { CURSOR, PAGE_SIZE } from './family.js';
import { exclusive } from './lock.js';
import type { LimitEvidence, ListPlan, UnknownCursorEvidence } from './model.js';
import { createFresh, endFresh, isPage, listPage, type Page } from './requests.js';
import { MIN_ITEMS, sameList, walk } from './walk.js';

const listOf = (c: PlannedCase) => c.params?.list as ListPlan | undefined;

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
    const limit: LimitEvidence = { step: 'limit', limit: evidence.limit, sizes: pages.map((p) => p.ids.length) };
    return [
      { label: `first page (limit=${evidence.limit})`, exchange: shown, checks: ['limit-honoured'], related: limit },
      { label: `walk (${pages.length} pages)`, exchange: pages.at(-1)?.exchange ?? shown, checks: ['cursor-walk'], related: evidence },
    ];
  }
  return { skip: `${plan.operationId} changed during two walks (another writer): the order could not be compared` };
}

export const pagesProbe: Probe = async (env, c) => {
  const plan = listOf(c);
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
      for (const id of made) await endFresh(env, plan.family!, id);
    }
  });
};

export const unknownCursorProbe: Probe = async (env, c) => {
  const plan = listOf(c);
  if (!plan?.refusal) return { skip: 'no documented refusal of an invalid cursor' };
  const page = await listPage(env, plan.operationId, { [CURSOR]: plan.unknownCursor });
  const related: UnknownCursorEvidence = { step: 'unknown-cursor', cursor: plan.unknownCursor, want: plan.refusal };
  return [{ label: `${CURSOR}=${plan.unknownCursor}`, exchange: page.exchange, related }];
};
