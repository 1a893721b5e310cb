// Lists: every page asked for `limit` items holds at most that many, and walking next_cursor visits
// every item once, in the order of one big page.
import { defineCheck, evidenceOf, hasResponse, when } from '../checks/define.js';
import { walkDifferences } from './compare.js';

export const limitHonoured = defineCheck(
  'limit-honoured',
  'A list page holds at most `limit` items',
  when(hasResponse, (ctx) => {
    const ev = evidenceOf(ctx, 'page-limit');
    if (!ev) return { skip: 'no limit evidence' };
    const over = ev.sizes.map((size, page) => ({ size, page })).filter((p) => p.size > ev.limit);
    return over.map((p) => ({
      message: `page ${p.page + 1} asked for limit=${ev.limit} and holds ${p.size} items`,
      documented: ev.limit,
      received: p.size,
      pointer: '/data',
    }));
  }),
);

export const cursorWalk = defineCheck(
  'cursor-walk',
  'Walking next_cursor visits every item once, in a stable order',
  when(hasResponse, (ctx) => {
    const ev = evidenceOf(ctx, 'page-walk');
    if (!ev) return { skip: 'no walk evidence' };
    return walkDifferences(ev);
  }),
);
