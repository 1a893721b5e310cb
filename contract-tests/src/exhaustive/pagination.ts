// Paging through a whole list (openapi/README "Lists": `{ data, has_more, next_cursor }`). The
// page-size and cursor parameters are the contract model's; their bounds come from the lists.
import { CURSOR_PARAM, PAGE_SIZE_PARAM } from '../../../openapi/tools/contract-model.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';

export interface PageParams {
  size?: { name: string; max: number };
  cursor?: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The page size (with the largest page every list accepts) and cursor the lists all take. */
export function pageParams(lists: SpecOperation[]): PageParams {
  if (!lists.length) return {};
  const param = (so: SpecOperation, name: string): Json | undefined =>
    (so.op.parameters ?? []).find((p: Json) => p.in === 'query' && p.name === name);
  const sizes = lists.map((so) => param(so, PAGE_SIZE_PARAM)?.schema?.maximum);
  const max = sizes.every((m) => Number.isInteger(m)) ? Math.min(...(sizes as number[])) : undefined;
  const cursor = lists.every((so) => param(so, CURSOR_PARAM)) ? CURSOR_PARAM : undefined;
  return { ...(max !== undefined ? { size: { name: PAGE_SIZE_PARAM, max } } : {}), ...(cursor ? { cursor } : {}) };
}

/** The query of the first page: as large as documented. */
export function firstPage(params: PageParams, base: Json = {}): Json {
  return { ...base, ...(params.size ? { [params.size.name]: params.size.max } : {}) };
}

/** The query of the page after `body`, or undefined when `body` was the last one. */
export function nextPage(params: PageParams, query: Json, body: unknown): Json | undefined {
  if (!isObject(body) || body.has_more !== true || !params.cursor || !Array.isArray(body.data)) return undefined;
  const last = body.data.at(-1);
  const lastId = isObject(last) && typeof last.id === 'string' ? last.id : undefined;
  const cursor = typeof body.next_cursor === 'string' ? body.next_cursor : lastId;
  return cursor ? { ...query, [params.cursor]: cursor } : undefined;
}

/** The ids of a page's items. */
export function itemIds(body: unknown): string[] {
  if (!isObject(body) || !Array.isArray(body.data)) return [];
  return body.data.flatMap((item) => (isObject(item) && typeof item.id === 'string' ? [item.id] : []));
}
