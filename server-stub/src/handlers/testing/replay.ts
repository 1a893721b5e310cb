// Replays the spec's documented example pairs (DESIGN §6) against handlers called directly: the
// request example N goes through what the pipeline would do (request validation → 422, the
// handler, ApiError → problem body, response validation), and the answer is compared with the
// response example N — status and stable values exactly; ids, timestamps and secrets by schema.
// Canonical ids of the examples are mapped to the ids the handlers really created, as the contract
// runner does. Plain functions returning mismatches: no test framework in here.
import { pairExamples, type ExamplePair } from '../../../../openapi/tools/example-pairs.js';
import { createSchemaValidator, type SchemaError } from '../../../../openapi/tools/schema-validator.js';
import { listOperations, loadSpec, type SpecOperation } from '../../../../openapi/tools/spec.js';
import type { RequestContext } from '../../context.js';
import { ApiError, problemBody } from '../../http/problem.js';
import type { Handlers, OperationId } from '../types.js';

const spec = loadSpec();
const validator = createSchemaValidator(spec);
const operations = new Map(listOperations(spec).map((o) => [o.operationId, o]));

const ID = /^([a-z]+)_[A-Za-z0-9]{16,32}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** Values an implementation generates: compared by schema only. */
const GENERATED_KEYS = new Set(['request_id', 'detail', 'signing_secret']);

export interface Replayed {
  status: number;
  body: unknown;
  /** Differences from the documented example, and schema errors of the answer. */
  mismatches: string[];
}

function operation(operationId: string): SpecOperation {
  const op = operations.get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in the bundled spec`);
  return op;
}

/** Every reproducible example pair of these operations, as `operationId:name`. */
export function documentedPairs(operationIds: string[]): string[] {
  return operationIds.flatMap((id) => pairExamples(operation(id).op).pairs.map((p) => `${id}:${p.name}`)).sort();
}

function pairOf(operationId: string, name: string): ExamplePair {
  const pair = pairExamples(operation(operationId).op).pairs.find((p) => p.name === name);
  if (!pair) throw new Error(`${operationId} documents no example pair "${name}"`);
  return pair;
}

const fieldOf = (where: string, e: SchemaError, missing?: string) =>
  [where, ...e.pointer.split('/').filter(Boolean), ...(missing ? [missing] : [])].join('.');

/** The pipeline's request validation: one `errors[]` entry per invalid input. */
function validateRequest(op: SpecOperation, req: ExamplePair['request']): ApiError | undefined {
  const errors: { field: string; message: string }[] = [];
  for (const p of op.op.parameters ?? []) {
    const where = p.in as 'path' | 'query' | 'header';
    const value = req[where]?.[p.name];
    if (value === undefined) continue;
    for (const e of validator.validate(p.schema, value)) errors.push({ field: `${where}.${p.name}`, message: e.message });
  }
  const schema = op.op.requestBody?.content?.['application/json']?.schema;
  if (schema) {
    for (const e of validator.validate(schema, req.body)) {
      const missing = /must have required property '(.+)'/.exec(e.message)?.[1];
      errors.push({ field: fieldOf('body', e, missing), message: e.message });
    }
  }
  if (errors.length === 0) return undefined;
  return new ApiError('VALIDATION_ERROR', `The request has ${errors.length} invalid field${errors.length > 1 ? 's' : ''}.`, { errors });
}

function responseSchema(op: SpecOperation, status: number): unknown {
  const content = op.op.responses?.[String(status)]?.content ?? {};
  return (content['application/json'] ?? content['application/problem+json'])?.schema;
}

/** Replaces canonical ids by the ids the handlers created for them. */
function mapIds<T>(value: T, ids: Map<string, string>): T {
  if (typeof value === 'string') return (ids.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => mapIds(v, ids)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, ids)])) as T;
  return value;
}

/** Stable values equal, ids consistent with the mapping (learning new ones), generated values by schema. */
export function compareStable(example: unknown, actual: unknown, ids: Map<string, string>, at = '', out: string[] = []): string[] {
  const key = at.slice(at.lastIndexOf('/') + 1);
  if (GENERATED_KEYS.has(key) || (key === 'errors' && at.split('/').length === 2)) return out;
  if (typeof example === 'string' && ID.test(example)) {
    const prefix = ID.exec(example)![1];
    const mapped = ids.get(example);
    if (mapped !== undefined) {
      if (actual !== mapped) out.push(`${at}: expected the id created for ${example} (${mapped}), got ${JSON.stringify(actual)}`);
    } else if (typeof actual === 'string' && ID.exec(actual)?.[1] === prefix) ids.set(example, actual);
    else out.push(`${at}: expected a ${prefix}_ id, got ${JSON.stringify(actual)}`);
  } else if (typeof example === 'string' && TIMESTAMP.test(example)) {
    if (typeof actual !== 'string' || !TIMESTAMP.test(actual)) out.push(`${at}: expected a timestamp, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(example)) {
    if (!Array.isArray(actual) || actual.length !== example.length) out.push(`${at}: expected ${example.length} items, got ${JSON.stringify(actual)}`);
    else example.forEach((e, i) => compareStable(e, actual[i], ids, `${at}/${i}`, out));
  } else if (example && typeof example === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) out.push(`${at}: expected an object, got ${JSON.stringify(actual)}`);
    else {
      const keys = new Set([...Object.keys(example), ...Object.keys(actual)]);
      for (const k of keys) {
        if (!(k in actual)) out.push(`${at}/${k}: missing`);
        else if (!(k in example)) out.push(`${at}/${k}: not in the example (${JSON.stringify((actual as any)[k])})`);
        else compareStable((example as any)[k], (actual as any)[k], ids, `${at}/${k}`, out);
      }
    }
  } else if (example !== actual) out.push(`${at || '/'}: expected ${JSON.stringify(example)}, got ${JSON.stringify(actual)}`);
  return out;
}

export class Replayer {
  /** Canonical example id → id the handlers created. */
  readonly ids = new Map<string, string>();

  constructor(private readonly handlers: Partial<Handlers>) {}

  /** Sends request example `name` of `operationId` and compares the answer with response example `name`. */
  async replay(operationId: OperationId, name: string, ctx: RequestContext): Promise<Replayed> {
    const op = operation(operationId);
    const pair = pairOf(operationId, name);
    const req = mapIds(pair.request, this.ids);
    const handler = this.handlers[operationId] as ((input: unknown, ctx: RequestContext) => unknown) | undefined;
    if (!handler) throw new Error(`no handler given for ${operationId}`);

    let status: number;
    let body: unknown;
    try {
      const invalid = validateRequest(op, req);
      if (invalid) throw invalid;
      const result = (await handler({ path: req.path, query: req.query, header: req.header, body: req.body }, ctx)) as { status: number; body: unknown };
      ({ status, body } = result);
      // What the client receives is JSON: internal fields or undefined values would show here.
      body = JSON.parse(JSON.stringify(body));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status = err.status;
      body = problemBody(err, ctx.requestId);
    }

    const mismatches: string[] = [];
    if (String(status) !== pair.response.status) mismatches.push(`status: expected ${pair.response.status}, got ${status} ${JSON.stringify(body)}`);
    const schema = responseSchema(op, status);
    if (!schema) mismatches.push(`status ${status} is not documented for ${operationId}`);
    else for (const e of validator.validate(schema, body)) mismatches.push(`schema ${e.pointer}: ${e.message}`);
    if (mismatches.length === 0) compareStable(pair.response.value, body, this.ids, '', mismatches);
    return { status, body, mismatches };
  }
}

/** Validates a value against a component schema of the spec (e.g. an event envelope). */
export const validateComponent = (name: string, value: unknown) =>
  validator.validate({ $ref: `#/components/schemas/${name}` }, value);

export type Step = [OperationId, string];
export interface Scenario {
  given: string;
  steps: Step[];
}

/** The example pairs a table of scenarios replays, as `operationId:name`. */
export const coveredPairs = (table: Scenario[]) => [...new Set(table.flatMap((s) => s.steps.map(([op, name]) => `${op}:${name}`)))].sort();
