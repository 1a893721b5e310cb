// Request validation (ARCHITECTURE.md §7): parameters arrive as strings and are coerced by their schema's
// type, then every input is checked by its compiled validator. A path parameter that fails its
// pattern names no resource (404); anything else is one 422 listing one entry per invalid field,
// named `body.to`, `query.limit`, `header.Idempotency-Key`.
import type { IncomingHttpHeaders } from 'node:http';
import type { SchemaError } from '../../../openapi/tools/schema-validator.js';
import { ApiError, type FieldError } from '../http/problem.js';
import type { CompiledOperation, ParamSpec } from './compile.js';

export interface ValidInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  header: Record<string, unknown>;
  body: unknown;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function coerceOne(value: string, type: string | undefined): unknown {
  if ((type === 'integer' && INTEGER.test(value)) || (type === 'number' && NUMBER.test(value))) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** A query/path/header string (or repeated query values) as the schema's type. */
export function coerce(value: string | string[], param: Pick<ParamSpec, 'type' | 'itemType'>): unknown {
  if (param.type === 'array') {
    const items = Array.isArray(value) ? value : value === '' ? [] : value.split(',');
    return items.map((v) => coerceOne(v, param.itemType));
  }
  return Array.isArray(value) ? value.map((v) => coerceOne(v, param.type)) : coerceOne(value, param.type);
}

/** `/entries/0/value` under `body` → `body.entries[0].value`. */
export function fieldName(prefix: string, pointer: string): string {
  let out = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    if (raw === '') continue;
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`;
  }
  return out;
}

const REQUIRED = /^must have required property '(.+)'$/;
const ADDITIONAL = /^must NOT have additional properties \((.+)\)$/;
const ALTERNATIVES = /^must match (a schema in anyOf|exactly one schema in oneOf)/;

/** ajv errors as field errors: one per field (an anyOf's summary wins over its branches). */
export function fieldErrors(prefix: string, errors: readonly SchemaError[]): FieldError[] {
  const byField = new Map<string, string>();
  for (const e of errors) {
    let field = fieldName(prefix, e.pointer);
    let message = e.message;
    const required = REQUIRED.exec(message);
    const additional = ADDITIONAL.exec(message);
    if (required) [field, message] = [`${field}.${required[1]}`, 'is required'];
    else if (additional) [field, message] = [`${field}.${additional[1]}`, 'is not allowed'];
    if (!byField.has(field) || ALTERNATIVES.test(message)) byField.set(field, message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

export function validationError(errors: FieldError[]): ApiError {
  const n = errors.length;
  return new ApiError('VALIDATION_ERROR', `The request has ${n} invalid field${n === 1 ? '' : 's'}.`, { errors });
}

function checkParams(
  params: readonly ParamSpec[],
  source: (p: ParamSpec) => string | string[] | undefined,
  where: 'query' | 'header',
  out: Record<string, unknown>,
  errors: FieldError[],
): void {
  for (const p of params) {
    const raw = source(p);
    if (raw === undefined) {
      if (p.defaultValue !== undefined && where === 'query') out[p.name] = p.defaultValue;
      else if (p.required) errors.push({ field: `${where}.${p.name}`, message: 'is required' });
      continue;
    }
    const value = coerce(raw, p);
    const problems = p.validate(value);
    if (problems.length > 0) errors.push(...fieldErrors(`${where}.${p.name}`, problems));
    else out[p.name] = value;
  }
}

/** Path parameters, or 404 when one does not have the shape of an id of that resource. */
export function validatePath(op: CompiledOperation, params: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of op.pathParams) {
    const raw = params[p.name] ?? '';
    const value = coerce(raw, p);
    if (p.validate(value).length > 0) {
      const what = p.name.replace(/_id$/, '').replace(/_/g, ' ');
      throw new ApiError('NOT_FOUND', `No ${what} ${raw} exists in this account.`);
    }
    out[p.name] = value;
  }
  return out;
}

/** Query, header and body (already parsed) against their schemas; one 422 for all that fail. */
export function validateRest(
  op: CompiledOperation,
  query: Record<string, string | string[] | undefined>,
  headers: IncomingHttpHeaders,
  body: unknown,
): Omit<ValidInput, 'path'> {
  const errors: FieldError[] = [];
  const q: Record<string, unknown> = {};
  const h: Record<string, unknown> = {};
  if (op.queryParams.length > 0) checkParams(op.queryParams, (p) => query[p.wire], 'query', q, errors);
  if (op.headerParams.length > 0) checkParams(op.headerParams, (p) => headers[p.wire] as string | undefined, 'header', h, errors);
  if (op.body) {
    if (body === undefined) {
      if (op.body.required) errors.push({ field: 'body', message: 'is required' });
    } else {
      const problems = op.body.validate(body);
      if (problems.length > 0) errors.push(...fieldErrors('body', problems));
    }
  }
  if (errors.length > 0) throw validationError(errors);
  return { query: q, header: h, body };
}
