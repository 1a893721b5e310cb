// Paging through a whole list (openapi/README "Lists": `{ data, has_more, next_cursor }`, and the
// page size and cursor parameters every list shares). The parameters are found as the class
// rule states them: the query parameters common to every list, the integer one with a maximum
// sizing the page, the string one carrying the cursor.
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';

export interface PageParams {
  size?: { name: string; max: number };
  cursor?: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function pageParams(lists: SpecOperation[]): PageParams {
  if (!lists.length) return {};
  const query = (so: SpecOperation) => (so.op.parameters ?? []).filter((p: Json) => p.in === 'query' && !p.required);
  const common = query(lists[0]).filter((p: Json) => lists.every((so) => query(so).some((q: Json) => q.name === p.name)));
  const size = common.find((p: Json) => p.schema?.type === 'integer' && Number.isInteger(p.schema?.maximum));
  const cursor = common.find((p: Json) => p.schema?.type === 'string');
  return { ...(size ? { size: { name: size.name, max: size.schema.maximum } } : {}), ...(cursor ? { cursor: cursor.name } : {}) };
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
