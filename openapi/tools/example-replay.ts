// "This answer reproduces that response example" (openapi/README.md "Example replay: what
// reproduces an example"), decided once for the stub's test kit, Dredd's hooks and the contract
// runner. Pure: the documented example, the answer and the request as sent go in, typed
// mismatches come out; the only state is the caller's id map, which matching canonical ids fills.
import { type CanonicalIds, canonicalIds, createdBy, type IdMap, idPrefix, substitute } from './canonical-ids.js';
import { isEnum, isNullable, isShaped, itemsOf, nodesOf, propertyOf, type SchemaNode } from './example-schema.js';
import { DATE_TIME, sameSet, sameValue } from './same-value.js';
import type { SchemaValidator } from './schema-validator.js';
import type { Spec } from './spec.js';

export type { CanonicalIds, IdMap } from './canonical-ids.js';
export { canonicalIds, createdBy, idPrefix, isUnknownId, requestTarget, substitute } from './canonical-ids.js';
export { sameSet, sameValue } from './same-value.js';

export interface Mismatch {
  /** What differs: the status, the body against its schema, or a value against the example. */
  part: 'status' | 'schema' | 'value';
  /** JSON pointer into the body ('' for the status or the whole body). */
  pointer: string;
  documented: unknown;
  received: unknown;
  /** One line, starting with the pointer. */
  message: string;
}

export interface Answer {
  status: number | string;
  body: unknown;
}

export interface DocumentedResponse {
  status: string;
  mediaType?: string;
  value: unknown;
  /** The documented schema of the body (refs allowed: `spec` resolves them). */
  schema?: unknown;
}

export interface ReplayOptions {
  spec: Spec;
  /** Canonical id → real id; learnt into. */
  ids: IdMap;
  /** The request as sent (ids substituted): its query and body values are the echoed input. */
  sent?: { query?: Record<string, unknown>; body?: unknown };
  /**
   * The replay started from exactly the state the examples document (the stub's handler world):
   * state values (counts, amounts, wording, null-ness, list lengths, extra keys) must match too.
   */
  exact?: boolean;
  /** When given, the body is validated against the documented schema first. */
  validator?: SchemaValidator;
  /**
   * The replay may have left out the answers that create some canonical ids (a runner running a
   * selection of cases, or one whose create failed and was reported there): a created id no answer
   * taught yet is not compared, where a full replay reports "no earlier answer created" it.
   */
  partial?: boolean;
  /**
   * The request is the example's, sent at a moment of the caller's choosing (a runner's probe), not
   * where the replay's order puts it: lists (rule 8) show the resources as they are then (other
   * states, more or fewer of them), so their items are not compared.
   */
  probe?: boolean;
}

/** Problem fields every implementation answers as documented; the rest (detail, request_id, errors) it words itself. */
const PROBLEM_STABLE = new Set(['type', 'title', 'status', 'code']);
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
/** A key as a JSON Pointer reference token (RFC 6901: ~ is ~0, / is ~1). */
const toPointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

interface Walk {
  spec: Spec | undefined;
  ids: IdMap;
  canonical: CanonicalIds;
  /** Canonical ids this answer creates: learnt anew. */
  creates: ReadonlySet<string>;
  /** Echoed input by pointer (ids substituted). */
  echo: ReadonlyMap<string, unknown>;
  exact: boolean;
  partial: boolean;
  probe: boolean;
  problem: boolean;
  out: Mismatch[];
}

function differs(w: Walk, pointer: string, documented: unknown, received: unknown, what: string): void {
  w.out.push({ part: 'value', pointer, documented, received, message: `${pointer || '/'}: ${what}` });
}

/** A value that must equal the documented one. */
function expectSame(w: Walk, pointer: string, documented: unknown, received: unknown): void {
  if (sameValue(documented, received)) return;
  differs(w, pointer, documented, received, `documented ${show(documented)}, received ${show(received)}`);
}

/** In exact replays, as many items as documented. */
function expectLength(w: Walk, pointer: string, documented: unknown[], received: unknown[]): void {
  if (w.exact && received.length !== documented.length) {
    differs(w, pointer, documented.length, received.length, `documented ${documented.length} items, received ${received.length}`);
  }
}

/** A created id this answer does not create, and no earlier answer taught: nothing to compare with. */
const unlearntCreated = (w: Walk, id: string) => w.canonical.created.has(id) && !w.creates.has(id) && !w.ids.has(id);

/**
 * A canonical id against the id the answer has in its place: the id learnt for it earlier, else (when
 * this answer creates it, or it is of a kind no answer creates) a new id of its kind, which is learnt.
 */
function matchId(w: Walk, pointer: string, documented: string, received: unknown): void {
  const mapped = w.ids.get(documented);
  const fail = (what: string, want: unknown = documented) =>
    differs(w, pointer, want, received, `documented ${what}, received ${show(received)}`);
  if (mapped !== undefined && !w.creates.has(documented)) {
    if (received !== mapped) fail(`${documented}, the id learnt for it is ${mapped}`, mapped);
    return;
  }
  if (w.canonical.created.has(documented) && !w.creates.has(documented)) {
    if (!w.partial) fail(`${documented}, which no earlier answer created`);
    return;
  }
  if (idPrefix(received) !== idPrefix(documented)) {
    fail(`a ${idPrefix(documented)}_ id`);
    return;
  }
  const owner = [...w.ids].find(([canonical, real]) => real === received && canonical !== documented)?.[0];
  if (owner !== undefined) {
    fail(`a new id for ${documented}, not the id learnt for ${owner}`);
    return;
  }
  w.ids.set(documented, received as string);
}

/** Stable scalar fields two list items share (the id, timestamps and `object` aside): how a documented item is found. */
function overlap(documented: Json, candidate: Json): number {
  const telling = ([k, v]: [string, unknown]) =>
    k !== 'id' && k !== 'object' && (typeof v === 'string' || typeof v === 'number') && !DATE_TIME.test(String(v));
  return Object.entries(documented).filter((e) => telling(e) && candidate[e[0]] === e[1]).length;
}

/** Where a documented list item is: the item with its learnt id, else the unused one of its kind sharing most with it. */
function findItem(w: Walk, item: Json, received: unknown[], used: ReadonlySet<number>): number {
  const id = item.id as string;
  const mapped = w.creates.has(id) ? undefined : w.ids.get(id);
  if (mapped !== undefined) return received.findIndex((r) => isObject(r) && r.id === mapped);
  if (w.canonical.created.has(id) && !w.creates.has(id)) return -1;
  let [best, index] = [-1, -1];
  received.forEach((r, i) => {
    if (!isObject(r) || used.has(i) || idPrefix(r.id) !== idPrefix(id)) return;
    const score = overlap(item, r);
    if (score > best) [best, index] = [score, i];
  });
  return index;
}

function compareList(w: Walk, documented: Json[], received: unknown[], items: unknown, pointer: string): void {
  const used = new Set<number>();
  for (const item of documented) {
    if (w.partial && unlearntCreated(w, item.id as string)) continue;
    const index = findItem(w, item, received, used);
    if (index === -1) {
      const mapped = w.ids.get(item.id as string);
      differs(w, pointer, item, undefined, `no item for ${item.id}${mapped ? ` (${mapped})` : ''} among ${received.length}`);
      continue;
    }
    used.add(index);
    compare(w, item, received[index], items, `${pointer}/${index}`);
  }
  expectLength(w, pointer, documented, received);
}

function compareArray(w: Walk, documented: unknown[], received: unknown, nodes: SchemaNode[], pointer: string): void {
  if (!Array.isArray(received)) {
    differs(w, pointer, documented, received, `documented an array, received ${show(received)}`);
    return;
  }
  const items = itemsOf(nodes);
  const listed = (d: unknown) => isObject(d) && typeof d.id === 'string' && w.canonical.all.has(d.id);
  if (documented.length > 0 && documented.every(listed)) {
    if (!w.probe) compareList(w, documented as Json[], received, items, pointer);
    return;
  }
  const scalars = documented.every((d) => !isObject(d) && !Array.isArray(d));
  if (documented.length > 0 && scalars && isEnum(nodesOf(w.spec, items, documented[0]))) {
    if (!sameSet(documented, received)) {
      differs(w, pointer, documented, received, `documented the set ${show(documented)}, received ${show(received)}`);
    }
    return;
  }
  expectLength(w, pointer, documented, received);
  for (let i = 0; i < Math.min(documented.length, received.length); i++) compare(w, documented[i], received[i], items, `${pointer}/${i}`);
}

function compareObject(w: Walk, documented: Json, received: unknown, nodes: SchemaNode[], pointer: string): void {
  if (!isObject(received)) {
    differs(w, pointer, documented, received, `documented an object, received ${show(received)}`);
    return;
  }
  // A problem's own wording (detail, request_id, errors) is checked by its schema only.
  const stable = (key: string) => !(w.problem && pointer === '') || PROBLEM_STABLE.has(key);
  for (const [key, value] of Object.entries(documented)) {
    const at = `${pointer}/${toPointerToken(key)}`;
    if (!stable(key)) continue;
    if (!(key in received)) differs(w, at, value, undefined, 'documented, missing from the answer');
    else compare(w, value, received[key], propertyOf(nodes, key), at);
  }
  if (!w.exact) return;
  for (const [key, value] of Object.entries(received)) {
    if (key in documented || !stable(key)) continue;
    differs(w, `${pointer}/${toPointerToken(key)}`, undefined, value, `not in the example, received ${show(value)}`);
  }
}

function compareScalar(w: Walk, documented: unknown, received: unknown, schema: unknown, pointer: string): void {
  const nodes = nodesOf(w.spec, schema, documented);
  if (isEnum(nodes) || (w.problem && pointer.lastIndexOf('/') === 0)) {
    expectSame(w, pointer, documented, received);
    return;
  }
  if (!w.exact) return;
  const shaped = typeof documented === 'string' && (isShaped(nodes) || idPrefix(documented) !== undefined);
  if (documented === null || !(shaped || isNullable(w.spec, schema))) expectSame(w, pointer, documented, received);
  else if (received === null) differs(w, pointer, documented, received, 'documented a value, received null');
}

function compare(w: Walk, documented: unknown, received: unknown, schema: unknown, pointer: string): void {
  const sent = substitute(documented, w.ids);
  if (!w.problem && w.echo.has(pointer) && sameValue(w.echo.get(pointer), sent)) {
    if (!sameValue(sent, received))
      differs(w, pointer, sent, received, `the request sent ${show(sent)}, the answer echoes ${show(received)}`);
    return;
  }
  if (typeof documented === 'string' && w.canonical.all.has(documented)) matchId(w, pointer, documented, received);
  else if (Array.isArray(documented)) compareArray(w, documented, received, nodesOf(w.spec, schema, documented), pointer);
  else if (isObject(documented)) compareObject(w, documented, received, nodesOf(w.spec, schema, documented), pointer);
  else compareScalar(w, documented, received, schema, pointer);
}

/** Every value of the request by pointer: the body at any depth, the query parameters at the top. */
function echoOf(sent: ReplayOptions['sent']): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const visit = (value: unknown, at: string) => {
    if (value === undefined) return;
    out.set(at, value);
    if (isObject(value)) for (const [k, v] of Object.entries(value)) visit(v, `${at}/${toPointerToken(k)}`);
  };
  visit(sent?.body, '');
  for (const [k, v] of Object.entries(sent?.query ?? {})) if (!out.has(`/${toPointerToken(k)}`)) out.set(`/${toPointerToken(k)}`, v);
  return out;
}

type Documented = { status: string; value: unknown; mediaType?: string };

function walk(documented: Documented, rest: Pick<Walk, 'spec' | 'ids' | 'canonical'>): Walk {
  const problem = Number(documented.status) >= 400 || /problem/.test(documented.mediaType ?? '');
  return {
    ...rest,
    creates: new Set(createdBy(documented)),
    echo: new Map(),
    exact: false,
    partial: false,
    probe: false,
    problem,
    out: [],
  };
}

/**
 * How an answer's body differs from a response example in its stable values (see the README):
 * enums and consts, echoed input, canonical ids (learnt into `options.ids`), a problem's type,
 * title, status and code; generated values only by schema; with `exact`, state values too.
 */
export function stableMismatches(documented: DocumentedResponse, received: unknown, options: ReplayOptions): Mismatch[] {
  const w = walk(documented, { spec: options.spec, ids: options.ids, canonical: canonicalIds(options.spec) });
  Object.assign(w, {
    echo: echoOf(options.sent),
    exact: options.exact ?? false,
    partial: options.partial ?? false,
    probe: options.probe ?? false,
  });
  compare(w, documented.value, received, documented.schema, '');
  return w.out;
}

/** How an answer differs from a documented response: its status, then its schema (with a validator), then its stable values. */
export function reproduces(answer: Answer, documented: DocumentedResponse, options: ReplayOptions): Mismatch[] {
  if (String(answer.status) !== documented.status) {
    const message = `status: documented ${documented.status}, received ${answer.status}`;
    return [{ part: 'status', pointer: '', documented: Number(documented.status), received: Number(answer.status), message }];
  }
  const schemaErrors = (options.validator?.validate(documented.schema, answer.body) ?? []).map((e): Mismatch => {
    const pointer = e.pointer === '/' ? '' : e.pointer;
    return { part: 'schema', pointer, documented: undefined, received: undefined, message: `${e.pointer}: ${e.message} (schema)` };
  });
  return [...schemaErrors, ...stableMismatches(documented, answer.body, options)];
}

/**
 * Learns the ids an answer shows for the canonical ids of a documented body, by the same matching
 * as the comparison, without judging anything else (Dredd judges with its own rules).
 */
export function learnIds(documented: { status: string; value: unknown }, received: unknown, ids: IdMap, canonical: CanonicalIds): void {
  const w = walk(documented, { spec: undefined, ids, canonical });
  w.problem = false;
  compare(w, documented.value, received, undefined, '');
}

/** The documented response of an example, with its schema, from the operation that documents it. */
export function documentedResponse(
  op: { responses?: Record<string, Json> },
  example: { status: string; mediaType: string; value: unknown },
): DocumentedResponse {
  const content = op.responses?.[example.status]?.content;
  const media = isObject(content) ? content[example.mediaType] : undefined;
  return { status: example.status, mediaType: example.mediaType, value: example.value, schema: isObject(media) ? media.schema : undefined };
}
