// What a client can send an operation, read from the spec: path, query and header parameters with
// their schemas, and the JSON body. Values travel as text in the path, query and headers; the
// server reads them back by their schema's type (`limit=5` is the integer 5).
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';
import type { Part } from './fields.js';
import { nodeOf, typesOf } from './schema-node.js';

export interface Param {
  in: Exclude<Part, 'body'>;
  name: string;
  required: boolean;
  schema: Json;
}

export interface Surface {
  path: Param[];
  query: Param[];
  header: Param[];
  body?: { schema: Json; required: boolean; mediaType: string };
}

/** Inputs as the client sends them (buildRequest's shape). */
export interface GeneratedInput {
  path: Json;
  query: Json;
  header: Json;
  body?: unknown;
}

/** Headers the runner sets itself (credentials, content negotiation) are not generated. */
const RUNNER_HEADERS = new Set(['authorization', 'x-api-key', 'content-type', 'accept', 'content-length']);

export function surfaceOf(so: SpecOperation): Surface {
  const params = (where: Param['in']): Param[] =>
    (so.op.parameters ?? [])
      .filter((p: Json) => p.in === where && !(where === 'header' && RUNNER_HEADERS.has(String(p.name).toLowerCase())))
      .map((p: Json) => ({ in: where, name: String(p.name), required: Boolean(p.required) || where === 'path', schema: p.schema ?? {} }));
  const json = Object.entries<Json>(so.op.requestBody?.content ?? {}).find(([type]) => /json/.test(type));
  return {
    path: params('path'),
    query: params('query'),
    header: params('header'),
    ...(json ? { body: { schema: json[1].schema ?? {}, required: Boolean(so.op.requestBody?.required), mediaType: json[0] } } : {}),
  };
}

/** Inputs a generator can vary besides path ids (a body, query or header parameters). */
export const hasGeneratedInputs = (s: Surface) => Boolean(s.body) || s.query.length > 0 || s.header.length > 0;

/** Whether anything at all can be sent wrong. */
export const hasInputs = (s: Surface) => hasGeneratedInputs(s) || s.path.length > 0;

/** A parameter value as the server reads the text it receives (integers, numbers, booleans). */
export function asReceived(spec: Spec, param: Param, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const text = String(value);
  const types = typesOf(nodeOf(spec, param.schema));
  if (types.includes('integer') && /^-?\d+$/.test(text)) return Number(text);
  if (types.includes('number') && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
