// Reading as the other account (--other-key), and reading a whole list page by page.
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { otherAccountKey, type Presented } from '../client.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json } from '../types.js';
import { firstPage, itemIds, nextPage, pageParams } from './pagination.js';
import { collectionReads } from './targets.js';

export const NEEDS_OTHER_KEY = 'needs --other-key (a key of a second account)';

export function otherAccount(env: RunEnv): Presented | undefined {
  const secret = env.settings.otherKey;
  return secret ? otherAccountKey(secret) : undefined;
}

export interface ListRead {
  pages: Exchange[];
  ids: string[];
  /** Paging stopped at the page cap, or on an answer that was not a list. */
  truncated: boolean;
}

const MAX_PAGES = 10;

/** Every page of a list (up to MAX_PAGES), the largest documented page size, no filter. */
export async function readList(env: RunEnv, so: SpecOperation, who: () => Promise<Presented>, base: Json = {}): Promise<ListRead> {
  const params = pageParams(collectionReads(env.spec, [...env.plan.ops.values()]).lists);
  const pages: Exchange[] = [];
  const ids: string[] = [];
  let query: Json | undefined = firstPage(params, base);
  while (query && pages.length < MAX_PAGES) {
    const e = await env.exchange(so, { query }, await who());
    pages.push(e);
    if (!e.response || e.response.status >= 300) return { pages, ids, truncated: true };
    ids.push(...itemIds(e.response.json));
    query = nextPage(params, query, e.response.json);
  }
  return { pages, ids, truncated: query !== undefined };
}
