// Canonical ids (openapi/README "Ids are canonical"): every documented resource has one id used in
// every example. The runner learns which real id stands for each, from the responses that create
// or list it, and substitutes them into requests.

import { responseExamples } from '../../../openapi/tools/example-pairs.js';
import { listOperations, type Spec } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';

const ID = /^[a-z]+_[A-Za-z0-9]{16,32}$/;
/** An unknown id: prefix and zeros (`call_0000000000000000000000`). */
export const isUnknownId = (s: string) => /^[a-z]+_0+$/.test(s);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every canonical id: the `id` of an object in some response example. */
export function knownIds(spec: Spec): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      if (typeof v.id === 'string' && ID.test(v.id) && !isUnknownId(v.id)) out.add(v.id);
      Object.values(v).forEach(visit);
    }
  };
  for (const { op } of listOperations(spec)) for (const e of responseExamples(op)) visit(e.value);
  return out;
}

/** Canonical ids that occur (as whole strings) anywhere in a value. */
export function idsIn(value: unknown, known: ReadonlySet<string>, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (known.has(value)) out.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => idsIn(v, known, out));
  else if (isObject(value)) Object.values(value).forEach((v) => idsIn(v, known, out));
  return out;
}

/** The value with every canonical id the map knows replaced by the server's id. */
export function substitute<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => substitute(v, ids)) as T;
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)])) as T;
  return value;
}

/** Objects with a canonical id inside a list example (`data: [...]`), with where they sit. */
export function listedObjects(example: unknown, known: ReadonlySet<string>): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      if (typeof v.id === 'string' && known.has(v.id)) out.push(v);
      for (const child of Object.values(v)) if (Array.isArray(child)) visit(child);
    }
  };
  visit(example);
  return out;
}

/**
 * The real object that stands for a documented one in a list response: the candidate sharing the
 * most stable scalar fields (phone number, name, url …) with it; ties and no overlap match nothing.
 */
export function matchListed(documented: Json, candidates: unknown[]): Json | undefined {
  const scalars = Object.entries(documented).filter(
    ([k, v]) => k !== 'id' && !/_at$/.test(k) && (typeof v === 'string' || typeof v === 'number') && k !== 'object',
  );
  let best: Json | undefined;
  let bestScore = 0;
  let tie = false;
  for (const c of candidates) {
    if (!isObject(c) || typeof c.id !== 'string') continue;
    const score = scalars.filter(([k, v]) => c[k] === v).length;
    if (score > bestScore) [best, bestScore, tie] = [c, score, false];
    else if (score === bestScore && score > 0) tie = true;
  }
  return bestScore > 0 && !tie ? best : undefined;
}

/** Every array of objects in a response body (where list items live). */
export function arraysOfObjects(body: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      if (v.some(isObject)) out.push(...v);
      v.forEach(visit);
    } else if (isObject(v)) Object.values(v).forEach(visit);
  };
  visit(body);
  return out;
}
