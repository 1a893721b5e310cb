// Reading one JSON Schema node the way the generators need it: refs followed, allOf folded into
// one node, the JSON types it admits (declared or implied by its keywords).
import type { SchemaError, SchemaValidator } from '../../../openapi/tools/schema-validator.js';
import { resolveRef, type Spec } from '../../../openapi/tools/spec.js';
import { memo } from '../memo.js';
import type { Json } from '../types.js';

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';
export const JSON_TYPES: readonly JsonType[] = ['string', 'integer', 'number', 'boolean', 'null', 'object', 'array'];

/** Keywords that only describe (never constrain): dropped when nodes are merged. */
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'title', 'default', 'readOnly', 'writeOnly', 'deprecated', '$comment']);

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The node with its `$ref` followed and its `allOf` members folded in (required and properties united). */
export function nodeOf(spec: Spec, schema: unknown): Json {
  const node = resolveRef<Json>(spec, schema ?? {}) ?? {};
  if (!Array.isArray(node.allOf)) return node;
  const { allOf, ...rest } = node;
  return (allOf as unknown[]).reduce<Json>((acc, member) => merge(acc, nodeOf(spec, member)), rest);
}

/** Two nodes that must both hold, as one (properties merged, required united, bounds tightened). */
export function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (ANNOTATIONS.has(k)) continue;
    if (k === 'properties') out.properties = { ...(a.properties ?? {}), ...v };
    else if (k === 'required') out.required = [...new Set([...(a.required ?? []), ...v])];
    else if (k === 'minLength' || k === 'minItems' || k === 'minimum' || k === 'minProperties') out[k] = Math.max(a[k] ?? -Infinity, v);
    else if (k === 'maxLength' || k === 'maxItems' || k === 'maximum' || k === 'maxProperties') out[k] = Math.min(a[k] ?? Infinity, v);
    else out[k] = v;
  }
  return out;
}

/** The JSON types a node admits: its `type`, else what its keywords imply, else every type. */
export function typesOf(node: Json): JsonType[] {
  if (typeof node.type === 'string') return [node.type as JsonType];
  if (Array.isArray(node.type)) return node.type as JsonType[];
  if ('const' in node) return [jsonTypeOf(node.const)];
  if (Array.isArray(node.enum)) return [...new Set(node.enum.map(jsonTypeOf))];
  if (node.properties || node.required || node.additionalProperties !== undefined || node.propertyNames) return ['object'];
  if (node.items) return ['array'];
  if (node.pattern !== undefined || node.format !== undefined || node.maxLength !== undefined || node.minLength !== undefined)
    return ['string'];
  if (node.minimum !== undefined || node.maximum !== undefined) return ['number'];
  return [...JSON_TYPES];
}

export function jsonTypeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as JsonType;
}

/** Whether a value of type `t` is admitted by a node admitting `types` (integers are numbers). */
export const admits = (types: readonly JsonType[], t: JsonType) => types.includes(t) || (t === 'integer' && types.includes('number'));

/** The alternatives of a oneOf/anyOf node, each holding the constraints written beside the oneOf. */
export function alternativesOf(spec: Spec, node: Json): Json[] | undefined {
  const list = node.oneOf ?? node.anyOf;
  if (!Array.isArray(list)) return undefined;
  const { oneOf: _o, anyOf: _a, ...beside } = node;
  return list.map((member: unknown) => merge(stripAnnotations(beside), nodeOf(spec, member)));
}

function stripAnnotations(node: Json): Json {
  return Object.fromEntries(Object.entries(node).filter(([k]) => !ANNOTATIONS.has(k)));
}

/** JSON pointer segment. */
export const escapeSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
export const unescapeSegment = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

const compiled = new WeakMap<SchemaValidator, Map<string, (value: unknown) => SchemaError[]>>();

/** A validator compiled once per distinct schema text (ajv keeps every schema object it compiles). */
export function validatorFor(validator: SchemaValidator, schema: unknown): (value: unknown) => SchemaError[] {
  const byText = memo(compiled, validator, () => new Map<string, (value: unknown) => SchemaError[]>());
  return memo(byText, JSON.stringify(schema ?? {}), () => validator.compile(schema));
}
