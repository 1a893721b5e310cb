// Walking a list by next_cursor in small pages, against one page of the documented maximum size
// taken before and after (a list that changed meanwhile is walked once more, then given up on).
import { sameValue } from '../../../openapi/tools/example-replay.js';
import type { RunEnv } from '../run-env.js';
import { CURSOR, PAGE_SIZE } from './family.js';
import type { ListPlan, WalkEvidence } from './model.js';
import { isPage, listPage, type Page } from './requests.js';

/** Items a walk needs to show anything: three pages of one. */
export const MIN_ITEMS = 3;

export interface Walk {
  pages: Page[];
  evidence: WalkEvidence;
}

/** Page size for `n` items: three or four pages, at least one item each. */
export const walkLimit = (n: number) => Math.max(1, Math.floor(n / MIN_ITEMS));

/** Pages a correct walk of `n` items in pages of `limit` needs, plus slack: beyond it the walk is not ending. */
export const walkCap = (n: number, limit: number) => Math.ceil(n / limit) + 2;

export async function walk(env: RunEnv, plan: ListPlan, big: Page): Promise<Walk> {
  const n = big.ids.length;
  const limit = walkLimit(n);
  const cap = walkCap(n, limit);
  const pages: Page[] = [];
  let stoppedBy: WalkEvidence['stoppedBy'] = 'cap';
  let error: string | undefined;
  let cursor: string | undefined;
  while (pages.length < cap) {
    const page = await listPage(env, plan.operationId, { [PAGE_SIZE]: limit, ...(cursor ? { [CURSOR]: cursor } : {}) });
    if (!isPage(page)) {
      [stoppedBy, error] = ['error', page.error];
      break;
    }
    pages.push(page);
    if (!page.hasMore) stoppedBy = 'end';
    else if (big.hasMore && pages.reduce((sum, p) => sum + p.ids.length, 0) >= n) stoppedBy = 'enough';
    else if (!page.next) stoppedBy = 'no-cursor';
    else {
      cursor = page.next;
      continue;
    }
    break;
  }
  const evidence: WalkEvidence = {
    kind: 'page-walk',
    limit,
    expected: big.ids,
    expectedComplete: !big.hasMore,
    pages: pages.map((p) => p.ids),
    stoppedBy,
    cap,
    ...(error ? { error } : {}),
  };
  return { pages, evidence };
}

export const sameList = (a: Page, b: Page) => a.hasMore === b.hasMore && sameValue(a.ids, b.ids);
