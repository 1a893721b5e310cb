// Resource families, read from the paths alone: a collection `/v1/x` (its list and its create)
// and the item `/v1/x/{x_id}` below it (read, update), plus the operation the create's response
// links name to end what it made (a DELETE of the item where there is one, else DeleteX-like verbs).
import { CURSOR_PARAM, PAGE_SIZE_PARAM } from '../../../openapi/tools/contract-model.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { contractOf } from '../contract.js';
import { isEndingOperation } from '../plan/classify.js';
import type { Json } from '../types.js';

/** The pagination convention every list follows (openapi/README, lint rule parley/paginated-lists), as the model names it. */
export const PAGE_SIZE = PAGE_SIZE_PARAM;
export const CURSOR = CURSOR_PARAM;

export interface Family {
  collection: string;
  /** `/v1/x/{x_id}` and its id parameter, when the collection has items of their own. */
  item?: string;
  param?: string;
  list?: SpecOperation;
  create?: SpecOperation;
  read?: SpecOperation;
  update?: SpecOperation;
  ending?: SpecOperation;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The JSON schema (resolved) of an operation's response with this status. */
export function responseSchema(spec: Spec, so: SpecOperation, status: string): Json | undefined {
  const content = so.op.responses?.[status]?.content ?? {};
  const media = Object.entries<Json>(content).find(([t]) => /json/.test(t))?.[1];
  const schema = media?.schema ? resolveRef<Json>(spec, media.schema) : undefined;
  return isObject(schema) ? schema : undefined;
}

/** A GET answering `{ data: [...], has_more, next_cursor }` and taking `limit`. */
export function isListOperation(spec: Spec, so: SpecOperation): boolean {
  if (so.method !== 'get') return false;
  const props = responseSchema(spec, so, '200')?.properties;
  const takesLimit = (so.op.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === PAGE_SIZE);
  return Boolean(takesLimit && props?.data && props.has_more && props.next_cursor);
}

/** The largest page a list documents (its page size's maximum, as the contract model reads it). */
export const pageSizeMax = (spec: Spec, so: SpecOperation): number => contractOf(spec, so).pagination?.limit.max ?? 100;

/** The item schema of a list (resolved), where the id pattern and the fields of listed items live. */
export function listItemSchema(spec: Spec, so: SpecOperation): Json | undefined {
  const items = responseSchema(spec, so, '200')?.properties?.data;
  const resolved = items ? resolveRef<Json>(spec, items) : undefined;
  return resolved?.items ? resolveRef<Json>(spec, resolved.items) : undefined;
}

/** Operation ids the 2xx responses of an operation link to. */
function linkedOperations(so: SpecOperation): string[] {
  return Object.entries<Json>(so.op.responses ?? {})
    .filter(([status]) => /^2/.test(status))
    .flatMap(([, r]) => Object.values<Json>(r.links ?? {}).map((l) => String(l.operationId)));
}

export function families(spec: Spec, ops: SpecOperation[]): Family[] {
  const collections = new Set<string>();
  for (const so of ops) {
    if (so.path.includes('{')) continue;
    if (isListOperation(spec, so) || (so.method === 'post' && ops.some((o) => o.path.startsWith(`${so.path}/{`)))) collections.add(so.path);
  }
  const out: Family[] = [];
  for (const collection of collections) {
    const itemRe = new RegExp(`^${escapeRe(collection)}/\\{([^}/]+)\\}$`);
    const itemOp = ops.find((o) => itemRe.test(o.path));
    const item = itemOp?.path;
    const param = item ? itemRe.exec(item)![1] : undefined;
    const list = ops.find((o) => o.path === collection && isListOperation(spec, o));
    const read = item ? ops.find((o) => o.path === item && o.method === 'get') : undefined;
    const create = ops.find((o) => o.path === collection && o.method === 'post' && read && linkedOperations(o).includes(read.operationId));
    const update = item ? ops.find((o) => o.path === item && (o.method === 'patch' || o.method === 'put')) : undefined;
    // The ending the create links to: one that ends the item for good (a DELETE) before one that suspends it.
    const endings = create
      ? linkedOperations(create)
          .map((id) => ops.find((o) => o.operationId === id))
          .filter((o): o is SpecOperation => Boolean(o && isEndingOperation(o.method, o.operationId)))
      : [];
    const ending = endings.find((o) => o.method === 'delete') ?? endings[0];
    out.push({
      collection,
      ...(item ? { item, param } : {}),
      ...(list ? { list } : {}),
      ...(create ? { create } : {}),
      ...(read ? { read } : {}),
      ...(update ? { update } : {}),
      ...(ending ? { ending } : {}),
    });
  }
  return out;
}
