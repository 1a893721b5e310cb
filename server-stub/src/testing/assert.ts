// Checks of requests and answers against the spec's schemas: request inputs as the pipeline checks
// them, documented responses, components (an answer against its example: openapi/tools/
// example-replay.ts). The checks answer lists of what is wrong (empty: as documented);
// `expectDocumented` and `thrown` are the two that fail the test themselves.
import { expect } from 'vitest';
import { createSchemaValidator } from '../../../openapi/tools/schema-validator.js';
import { ApiError, type FieldError } from '../http/problem.js';
import { fieldErrors } from '../pipeline/validate.js';
import { operation, pairOf, type Step, spec } from './examples.js';

export const validator = createSchemaValidator(spec);

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
