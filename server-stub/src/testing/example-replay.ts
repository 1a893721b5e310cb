// Replays documented example pairs (DESIGN §6) through the whole stub over `inject`: request
// example N, with canonical ids mapped to the ids the stub really created, sent with a test key;
// the answer must have response example N's status, validate against its schema, and equal the
// example in its stable values — error code, enums and consts, echoed input, and the ids of
// things earlier steps created. Generated values (ids, timestamps, counters, secrets) are
// compared by schema only; list items are found by id, so extra items do not matter.
import { isDeepStrictEqual } from 'node:util';
import { resolveRef } from '../../../openapi/tools/spec.js';
import { responseErrors } from './assert.js';
import { idPrefix, mapIds, matchId, pairOf, spec, type Step } from './examples.js';

const PROBLEM_KEYS = ['type', 'title', 'status', 'code'];

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}
export type Send = (request: Sent) => Promise<{ statusCode: number; body: string }>;

/** Sends one pair's request through `send`; answers the mismatches (empty: reproduced). `ids` is learnt into. */
export async function replayOverHttp(step: Step, send: Send, secret: string, ids: Map<string, string>): Promise<string[]> {
  const { operationId, op, pair } = pairOf(step);
  const req = mapIds(pair.request, ids);
  let url = op.path.replace(/\{([^}]+)\}/g, (_m, name) => encodeURIComponent(String(req.path[name])));
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query)) for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
  if ([...query].length > 0) url += `?${query}`;
  const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
  for (const [k, v] of Object.entries(req.header)) headers[k.toLowerCase()] = String(v);
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const res = await send({ method: op.method.toUpperCase(), url, headers, payload: req.body === undefined ? undefined : JSON.stringify(req.body) });

  let body: unknown;
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    return [`answer is not JSON: ${res.body.slice(0, 200)}`];
  }
  if (String(res.statusCode) !== pair.response.status) {
    return [`status ${res.statusCode} (want ${pair.response.status}): ${res.body.slice(0, 300)}`];
  }
  const out = responseErrors(operationId, res.statusCode, body);
  const example = pair.response.value as any;
  if (res.statusCode >= 400) {
    for (const k of PROBLEM_KEYS) if (example?.[k] !== (body as any)?.[k]) out.push(`/${k}: want ${JSON.stringify(example?.[k])}, got ${JSON.stringify((body as any)?.[k])}`);
    return out;
  }
  const echo = flatten(req.body, '', new Map<string, unknown>());
  for (const [k, v] of Object.entries(req.query)) echo.set(`/${k}`, v);
  const schema = op.op.responses?.[pair.response.status]?.content?.[pair.response.mediaType]?.schema;
  compare(example, body, schema, '', { ids, echo }, out);
  return out;
}

const deref = (schema: any): any => (schema ? resolveRef(spec, schema) : undefined);

function branches(schema: any): any[] {
  const node = deref(schema);
  if (!node || typeof node !== 'object') return [];
  return [node, ...[...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])].flatMap((b: any) => branches(b))];
}

const isEnum = (schema: any): boolean => branches(schema).some((n) => Array.isArray(n.enum) || n.const !== undefined);

function property(schema: any, key: string): any {
  for (const n of branches(schema)) {
    if (n.properties?.[key]) return n.properties[key];
    if (n.additionalProperties && typeof n.additionalProperties === 'object') return n.additionalProperties;
  }
  return undefined;
}

const items = (schema: any): any => branches(schema).find((n) => n.items)?.items;

function compare(example: any, actual: any, schema: any, at: string, ctx: { ids: Map<string, string>; echo: Map<string, unknown> }, out: string[]): void {
  const echoed = ctx.echo.has(at) && isDeepStrictEqual(mapIds(ctx.echo.get(at), ctx.ids), mapIds(example, ctx.ids));
  if (echoed || (example !== null && typeof example !== 'object' && isEnum(schema))) {
    const want = mapIds(example, ctx.ids);
    if (!isDeepStrictEqual(want, actual)) out.push(`${at || '/'}: want ${JSON.stringify(want)}${echoed ? ' (echoed input)' : ''}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (idPrefix(example)) {
    const wrong = matchId(example, actual, ctx.ids);
    if (wrong) out.push(`${at}: ${wrong}`);
    return;
  }
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return void out.push(`${at}: want an array, got ${JSON.stringify(actual)}`);
    const itemSchema = items(schema);
    if (example.every((e) => e && typeof e === 'object' && typeof e.id === 'string')) {
      // A list: each documented item must be there (found by its mapped id), extra items may be.
      const used = new Set<number>();
      for (const item of example) {
        const mapped = ctx.ids.get(item.id);
        const i = mapped !== undefined ? actual.findIndex((a: any) => a?.id === mapped) : actual.findIndex((a: any, j: number) => !used.has(j) && idPrefix(a?.id) === idPrefix(item.id));
        if (i === -1) {
          out.push(`${at}: no item for ${item.id}${mapped ? ` (${mapped})` : ''} among ${actual.length}`);
          continue;
        }
        used.add(i);
        compare(item, actual[i], itemSchema, `${at}/${i}`, ctx, out);
      }
      return;
    }
    if (example.length !== actual.length) return void out.push(`${at}: want ${example.length} items, got ${actual.length}`);
    example.forEach((e, i) => compare(e, actual[i], itemSchema, `${at}/${i}`, ctx, out));
    return;
  }
  if (example && typeof example === 'object') {
    if (!actual || typeof actual !== 'object') return void out.push(`${at}: want an object, got ${JSON.stringify(actual)}`);
    for (const key of Object.keys(example)) {
      if (!(key in actual)) out.push(`${at}/${key}: missing`);
      else compare(example[key], actual[key], property(schema, key), `${at}/${key}`, ctx, out);
    }
  }
}

function flatten(value: unknown, at: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value === undefined) return out;
  out.set(at, value);
  if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) flatten(v, `${at}/${k}`, out);
  return out;
}
