// Replays documented example pairs (DESIGN §6) through the whole stub over `inject`: request
// example N, with canonical ids mapped to the ids the stub really created, sent with a test key;
// the answer must have response example N's status, validate against its schema, and equal the
// example in its stable values — error code, enums and consts, echoed input, and the ids of
// things earlier steps created. Generated values (ids, timestamps, counters, secrets) are
// compared by schema only; list items are found by id, so extra items do not matter.
import { isDeepStrictEqual } from 'node:util';
import { pairExamples, type ExamplePair } from '../../../openapi/tools/example-pairs.js';
import { createSchemaValidator } from '../../../openapi/tools/schema-validator.js';
import { listOperations, resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';

/** `operationId:example-name`. */
export type Step = `${string}:${string}`;

const ID = /^([a-z]+)_[A-Za-z0-9]{16,32}$/;
const PROBLEM_KEYS = ['type', 'title', 'status', 'code'];

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}
export type Send = (request: Sent) => Promise<{ statusCode: number; body: string }>;

export class ExampleReplayer {
  private readonly ops: Map<string, SpecOperation>;
  private readonly validator;

  constructor(private readonly spec: Spec) {
    this.ops = new Map(listOperations(spec).map((o) => [o.operationId, o]));
    this.validator = createSchemaValidator(spec);
  }

  /** Every reproducible pair of the spec. */
  allSteps(): Step[] {
    return [...this.ops.values()].flatMap((o) => pairExamples(o.op).pairs.map((p) => `${o.operationId}:${p.name}` as Step));
  }

  pair(step: Step): { op: SpecOperation; pair: ExamplePair } {
    const [operationId, name] = step.split(':');
    const op = this.ops.get(operationId);
    const pair = op && pairExamples(op.op).pairs.find((p) => p.name === name);
    if (!op || !pair) throw new Error(`the spec documents no example pair ${step}`);
    return { op, pair };
  }

  /** Sends one pair's request; answers the mismatches (empty: reproduced). `ids` is learnt into. */
  async replay(step: Step, send: Send, secret: string, ids: Map<string, string>): Promise<string[]> {
    const { op, pair } = this.pair(step);
    const req = mapIds(pair.request, ids);
    let url = op.path.replace(/\{([^}]+)\}/g, (_m, name) => encodeURIComponent(String(req.path[name])));
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
    if ([...query].length > 0) url += `?${query}`;
    const headers: Record<string, string> = { authorization: `Bearer ${secret}` };
    for (const [k, v] of Object.entries(req.header)) headers[k.toLowerCase()] = String(v);
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const res = await send({ method: op.method.toUpperCase(), url, headers, payload: req.body === undefined ? undefined : JSON.stringify(req.body) });

    const out: string[] = [];
    let body: unknown;
    try {
      body = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      return [`answer is not JSON: ${res.body.slice(0, 200)}`];
    }
    if (String(res.statusCode) !== pair.response.status) {
      return [`status ${res.statusCode} (want ${pair.response.status}): ${res.body.slice(0, 300)}`];
    }
    const media = op.op.responses?.[pair.response.status]?.content?.[pair.response.mediaType];
    const schemaErrors = this.validator.validate(media?.schema, body);
    for (const e of schemaErrors) out.push(`schema ${e.pointer}: ${e.message}`);
    const example = pair.response.value as any;
    if (res.statusCode >= 400) {
      for (const k of PROBLEM_KEYS) if (example?.[k] !== (body as any)?.[k]) out.push(`/${k}: want ${JSON.stringify(example?.[k])}, got ${JSON.stringify((body as any)?.[k])}`);
      return out;
    }
    const echo = flatten(req.body, '', new Map<string, unknown>());
    for (const [k, v] of Object.entries(req.query)) echo.set(`/${k}`, v);
    this.compare(example, body, media?.schema, '', { ids, echo }, out);
    return out;
  }

  private deref(schema: any): any {
    return schema ? resolveRef(this.spec, schema) : undefined;
  }

  private branches(schema: any): any[] {
    const node = this.deref(schema);
    if (!node || typeof node !== 'object') return [];
    return [node, ...[...(node.allOf ?? []), ...(node.oneOf ?? []), ...(node.anyOf ?? [])].flatMap((b: any) => this.branches(b))];
  }

  private isEnum(schema: any): boolean {
    return this.branches(schema).some((n) => Array.isArray(n.enum) || n.const !== undefined);
  }

  private property(schema: any, key: string): any {
    for (const n of this.branches(schema)) {
      if (n.properties?.[key]) return n.properties[key];
      if (n.additionalProperties && typeof n.additionalProperties === 'object') return n.additionalProperties;
    }
    return undefined;
  }

  private items(schema: any): any {
    return this.branches(schema).find((n) => n.items)?.items;
  }

  private compare(example: any, actual: any, schema: any, at: string, ctx: { ids: Map<string, string>; echo: Map<string, unknown> }, out: string[]): void {
    const echoed = ctx.echo.has(at) && isDeepStrictEqual(mapIds(ctx.echo.get(at), ctx.ids), mapIds(example, ctx.ids));
    if (echoed || (example !== null && typeof example !== 'object' && this.isEnum(schema))) {
      const want = mapIds(example, ctx.ids);
      if (!isDeepStrictEqual(want, actual)) out.push(`${at || '/'}: want ${JSON.stringify(want)}${echoed ? ' (echoed input)' : ''}, got ${JSON.stringify(actual)}`);
      return;
    }
    if (typeof example === 'string' && ID.test(example)) {
      const prefix = ID.exec(example)![1];
      const mapped = ctx.ids.get(example);
      if (mapped !== undefined) {
        if (actual !== mapped) out.push(`${at}: want the id created for ${example} (${mapped}), got ${JSON.stringify(actual)}`);
      } else if (typeof actual === 'string' && ID.exec(actual)?.[1] === prefix) ctx.ids.set(example, actual);
      else out.push(`${at}: want a ${prefix}_ id, got ${JSON.stringify(actual)}`);
      return;
    }
    if (Array.isArray(example)) {
      if (!Array.isArray(actual)) return void out.push(`${at}: want an array, got ${JSON.stringify(actual)}`);
      const itemSchema = this.items(schema);
      if (example.every((e) => e && typeof e === 'object' && typeof e.id === 'string')) {
        // A list: each documented item must be there (found by its mapped id), extra items may be.
        const used = new Set<number>();
        for (const item of example) {
          const mapped = ctx.ids.get(item.id);
          let i = mapped !== undefined ? actual.findIndex((a: any) => a?.id === mapped) : actual.findIndex((a: any, j: number) => !used.has(j) && ID.exec(a?.id ?? '')?.[1] === ID.exec(item.id)?.[1]);
          if (i === -1) {
            out.push(`${at}: no item for ${item.id}${mapped ? ` (${mapped})` : ''} among ${actual.length}`);
            continue;
          }
          used.add(i);
          this.compare(item, actual[i], itemSchema, `${at}/${i}`, ctx, out);
        }
        return;
      }
      if (example.length !== actual.length) return void out.push(`${at}: want ${example.length} items, got ${actual.length}`);
      example.forEach((e, i) => this.compare(e, actual[i], itemSchema, `${at}/${i}`, ctx, out));
      return;
    }
    if (example && typeof example === 'object') {
      if (!actual || typeof actual !== 'object') return void out.push(`${at}: want an object, got ${JSON.stringify(actual)}`);
      for (const key of Object.keys(example)) {
        if (!(key in actual)) out.push(`${at}/${key}: missing`);
        else this.compare(example[key], actual[key], this.property(schema, key), `${at}/${key}`, ctx, out);
      }
    }
  }
}

/** Replaces canonical ids (anywhere in a value) by the ids created for them. */
export function mapIds<T>(value: T, ids: Map<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => mapIds(v, ids)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, ids)])) as T;
  return value;
}

function flatten(value: unknown, at: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value === undefined) return out;
  out.set(at, value);
  if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) flatten(v, `${at}/${k}`, out);
  return out;
}
