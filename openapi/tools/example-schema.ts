// What a response schema says about one documented value, as example replay classifies it
// (openapi/README.md "Example replay"): an enum (stable), a shape only (generated), nullable
// (filled in when something happens), and where its properties and items are described.
import { sameValue } from './same-value.js';
import { resolveRef, type Spec } from './spec.js';

export type SchemaNode = Record<string, unknown>;
const isObject = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const resolve = (spec: Spec | undefined, schema: unknown): unknown => (spec ? resolveRef<unknown>(spec, schema) : schema);

function accepts(node: SchemaNode, value: unknown): boolean {
  if ('const' in node) return sameValue(node.const, value);
  if (Array.isArray(node.enum)) return node.enum.some((e) => sameValue(e, value));
  const types = Array.isArray(node.type) ? node.type : typeof node.type === 'string' ? [node.type] : [];
  if (types.length === 0) return true;
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return types.some((t) => t === kind || (t === 'integer' && Number.isInteger(value)));
}

/** The nodes that describe `value`: the schema, its allOf parts, and the oneOf/anyOf branches that accept it. */
export function nodesOf(spec: Spec | undefined, schema: unknown, value: unknown, depth = 0): SchemaNode[] {
  const node = resolve(spec, schema);
  if (!isObject(node) || typeof node.$ref === 'string' || depth > 16) return [];
  const out: SchemaNode[] = [node];
  for (const part of list(node.allOf)) out.push(...nodesOf(spec, part, value, depth + 1));
  const options = [...list(node.oneOf), ...list(node.anyOf)];
  const fitting = options.filter((o) => nodesOf(spec, o, value, depth + 1).every((n) => accepts(n, value)));
  for (const o of fitting.length > 0 ? fitting : options) out.push(...nodesOf(spec, o, value, depth + 1));
  return out;
}

/** An enum or const: the value is one of a fixed set, stable. */
export const isEnum = (nodes: SchemaNode[]): boolean => nodes.some((n) => 'const' in n || Array.isArray(n.enum));

/** Only a shape: a date-time, or a string with a pattern (ids, secrets, key prefixes): the server makes it up. */
export const isShaped = (nodes: SchemaNode[]): boolean => nodes.some((n) => n.format === 'date-time' || typeof n.pattern === 'string');

/** Null besides a value: the value is filled in when something happens (an answer, an end) and measured then. */
export function isNullable(spec: Spec | undefined, schema: unknown): boolean {
  const node = resolve(spec, schema);
  if (!isObject(node)) return false;
  if (Array.isArray(node.type) && node.type.includes('null')) return true;
  return [...list(node.oneOf), ...list(node.anyOf)].some((o) => isNullable(spec, o));
}

/** The schema of property `key` (or of the additional properties). */
export const propertyOf = (nodes: SchemaNode[], key: string): unknown =>
  nodes.map((n) => (isObject(n.properties) ? n.properties[key] : undefined)).find((p) => p !== undefined) ??
  nodes.map((n) => (isObject(n.additionalProperties) ? n.additionalProperties : undefined)).find((p) => p !== undefined);

/** The schema of the items. */
export const itemsOf = (nodes: SchemaNode[]): unknown => nodes.map((n) => n.items).find((i) => i !== undefined);
