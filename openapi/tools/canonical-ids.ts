// Canonical ids (openapi/README.md "Ids are canonical"): every documented resource has ONE id used
// in every example that mentions it. A replay maps each to the id the server really returned
// (learning it, see example-replay.ts) and substitutes the mapped ids into the requests it sends.
import { type ExampleRequest, responseExamples } from './example-pairs.js';
import { listOperations, type Spec } from './spec.js';

/** Canonical id → the id the server returned for it; a replay learns into it. */
export type IdMap = Map<string, string>;

export interface CanonicalIds {
  /** Every canonical id: the `id` of an object in some response example (unknown ids excepted). */
  all: ReadonlySet<string>;
  /** Those a 201 example creates: learnt only from the answer that creates them (see createdBy). */
  created: ReadonlySet<string>;
}

const ID = /^([a-z]+)_[A-Za-z0-9]{16,32}$/;
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `agt` for `agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6`; undefined for anything that is not an id. */
export const idPrefix = (value: unknown): string | undefined => (typeof value === 'string' ? ID.exec(value)?.[1] : undefined);
/** An id no resource has: the prefix and zeros (`call_0000000000000000000000`). */
export const isUnknownId = (value: string): boolean => /^[a-z]+_0+$/.test(value);

/** The canonical ids a documented response creates: the top-level `id` of a 201 example. */
export function createdBy(response: { status: string | number; value: unknown }): string[] {
  const id = isObject(response.value) ? response.value.id : undefined;
  return String(response.status) === '201' && typeof id === 'string' && idPrefix(id) && !isUnknownId(id) ? [id] : [];
}

function collect(spec: Spec): CanonicalIds {
  const all = new Set<string>();
  const created = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      if (typeof v.id === 'string' && idPrefix(v.id) && !isUnknownId(v.id)) all.add(v.id);
      Object.values(v).forEach(visit);
    }
  };
  for (const { op } of listOperations(spec)) {
    for (const e of responseExamples(op)) {
      visit(e.value);
      for (const id of createdBy(e)) created.add(id);
    }
  }
  return { all, created };
}

const cache = new WeakMap<Spec, CanonicalIds>();

/** The canonical ids of a spec, collected once per spec object. */
export function canonicalIds(spec: Spec): CanonicalIds {
  let ids = cache.get(spec);
  if (!ids) {
    ids = collect(spec);
    cache.set(spec, ids);
  }
  return ids;
}

/** The value with every mapped canonical id (a whole string, at any depth) replaced by the server's. */
export function substitute<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids)) as T;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)])) as T;
  return value;
}

/** The request target of an example request: the path template filled in, then the query (arrays repeat the name). */
export function requestTarget(pathTemplate: string, request: Pick<ExampleRequest, 'path' | 'query'>): string {
  const path = pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(String(request.path[name])));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(request.query)) for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
