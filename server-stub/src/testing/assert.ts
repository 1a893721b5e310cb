// Checks of requests and answers against the spec: schemas (request inputs as the pipeline checks
// them, documented responses, components) and the stable values of a documented example. The
// checks answer lists of what is wrong (empty: as documented); `expectDocumented` and `thrown`
// are the two that fail the test themselves.
import { expect } from 'vitest';
import { createSchemaValidator } from '../../../openapi/tools/schema-validator.js';
import { ApiError, type FieldError } from '../http/problem.js';
import { fieldErrors } from '../pipeline/validate.js';
import { idPrefix, matchId, operation, pairOf, spec, type Step } from './examples.js';

const validator = createSchemaValidator(spec);

/**
 * What the pipeline's request validation finds wrong with a step's request (by default its
 * documented one): one entry per invalid field, none when the handler would run.
 */
export function requestErrors(step: Step, request = pairOf(step).pair.request): FieldError[] {
  const { op } = pairOf(step).op; // the operation, its parameters and body resolved
  const errors: FieldError[] = [];
  for (const p of op.parameters ?? []) {
    const where = p.in as 'path' | 'query' | 'header';
    const value = request[where]?.[p.name];
    if (value === undefined) {
      if (p.required) errors.push({ field: `${where}.${p.name}`, message: 'is required' });
    } else errors.push(...fieldErrors(`${where}.${p.name}`, validator.validate(p.schema, value)));
  }
  const body = op.requestBody?.content?.['application/json'];
  if (body && request.body === undefined && op.requestBody?.required) errors.push({ field: 'body', message: 'is required' });
  else if (body && request.body !== undefined) errors.push(...fieldErrors('body', validator.validate(body.schema, request.body)));
  return errors;
}

/** What is wrong with an answer against the response the operation documents for its status. */
export function responseErrors(operationId: string, status: number, body: unknown): string[] {
  const response = operation(operationId).op.responses?.[String(status)];
  if (!response) return [`status ${status} is not documented for ${operationId}`];
  const content = response.content ?? {};
  const schema = (content['application/json'] ?? content['application/problem+json'])?.schema;
  return validator.validate(schema, body).map((e) => `schema ${e.pointer}: ${e.message}`);
}

/** Fails the test unless `body` matches the schema the spec documents for `status`. */
export function expectDocumented(operationId: string, result: { status: number; body: unknown }): void {
  expect(responseErrors(operationId, result.status, result.body), `${operationId} ${result.status}`).toEqual([]);
}

/** Validates a value against a component schema of the spec (e.g. an event envelope). */
export const validateComponent = (name: string, value: unknown) => validator.validate({ $ref: `#/components/schemas/${name}` }, value);

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
/** Problem fields an implementation words or numbers itself (the field errors are checked by schema). */
const PROBLEM_GENERATED = new Set(['request_id', 'detail', 'errors']);

/**
 * The differences between a documented response example and an answer, in its stable values:
 * every value equal, except what an implementation generates — ids (the id created for the
 * canonical one, or a new one of its kind, learnt into `ids`), timestamps (`…_at`: null exactly
 * when documented null, else a timestamp), durations (null exactly when documented null), signing
 * secrets, and a problem's request_id, detail and field errors.
 */
export function stableMismatches(example: unknown, answer: unknown, ids: Map<string, string>, options: { problem: boolean }): string[] {
  const out: string[] = [];
  // What the client receives is JSON: internal fields or undefined values would show here.
  compare(example, JSON.parse(JSON.stringify(answer ?? null)), '', '', { ids, problem: options.problem }, out);
  return out;
}

function compare(example: unknown, actual: any, key: string, at: string, c: { ids: Map<string, string>; problem: boolean }, out: string[]): void {
  if (key === 'signing_secret' || (c.problem && at === `/${key}` && PROBLEM_GENERATED.has(key))) return;
  const where = at || '/';
  if (key.endsWith('_at') || key === 'duration_seconds') {
    if (example === null || actual === null) {
      if (example !== actual) out.push(`${where}: want ${example === null ? 'null' : 'a value'}, got ${JSON.stringify(actual)}`);
    } else if (key.endsWith('_at') && (typeof actual !== 'string' || !TIMESTAMP.test(actual))) out.push(`${where}: want a timestamp, got ${JSON.stringify(actual)}`);
    return;
  }
  if (typeof example === 'string' && idPrefix(example)) {
    const wrong = matchId(example, actual, c.ids);
    if (wrong) out.push(`${where}: ${wrong}`);
    return;
  }
  if (Array.isArray(example)) {
    if (!Array.isArray(actual) || actual.length !== example.length) out.push(`${where}: want ${example.length} items, got ${JSON.stringify(actual)}`);
    else example.forEach((e, i) => compare(e, actual[i], '', `${at}/${i}`, c, out));
  } else if (example && typeof example === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return void out.push(`${where}: want an object, got ${JSON.stringify(actual)}`);
    for (const k of new Set([...Object.keys(example), ...Object.keys(actual)])) {
      if (!(k in actual)) out.push(`${at}/${k}: missing`);
      else if (!(k in example)) out.push(`${at}/${k}: not in the example (${JSON.stringify(actual[k])})`);
      else compare((example as any)[k], actual[k], k, `${at}/${k}`, c, out);
    }
  } else if (example !== actual) out.push(`${where}: want ${JSON.stringify(example)}, got ${JSON.stringify(actual)}`);
}

/** The stable fields of `value`: `keys` picked out, for comparing with a documented example. */
export const pick = (value: any, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, value?.[k]]));

/** The ApiError `fn` throws (handlers throw errors, never return them); anything else fails the test. */
export async function thrown(fn: () => unknown): Promise<ApiError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, but the handler answered');
}
