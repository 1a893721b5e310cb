// Valid values from a JSON Schema, as fast-check arbitraries (so failures shrink): one function per
// node kind, like openapi-typescript's transforms — const, enum, oneOf/anyOf, string (length,
// pattern, format), integer and number (bounds), boolean, null, array (items, bounds, unique),
// object (required, properties, additionalProperties, property counts); `$ref` and `allOf` are
// folded by nodeOf.
import fc from 'fast-check';
import type { SchemaValidator } from '../../../openapi/tools/schema-validator.js';
import type { Spec } from '../../../openapi/tools/spec.js';
import { memo } from '../memo.js';
import type { Json } from '../types.js';
import { bounded } from './bounded.js';
import { alternativesOf, isObject, type JsonType, nodeOf, typesOf, validatorFor } from './schema-node.js';
import { formatted, matching, plainText, type TextStyle, withinLength } from './text.js';

export interface GenerateOptions {
  spec: Spec;
  validator: SchemaValidator;
  /** Plain strings: printable ASCII, non-ASCII, or either. */
  text: TextStyle;
  /** Optional object properties: drawn at random, all present, or none (the minimal value). */
  optional: 'random' | 'all' | 'none';
  /** Real ids for strings shaped like ids (by pattern), so valid inputs also reach live resources. */
  ids?: (pattern: string) => readonly string[];
}

/** Deeper than this, objects take their required properties only (keeps values finite). */
const MAX_DEPTH = 6;
/** Plain strings without a maxLength stay this short (long ones are the negative side's). */
const UNBOUNDED_LENGTH = 48;

const built = new WeakMap<SchemaValidator, Map<string, fc.Arbitrary<unknown>>>();
const pools = new WeakMap<NonNullable<GenerateOptions['ids']>, number>();
let poolCount = 0;

/** Arbitraries are immutable: one per (schema, options, depth), however many places ask for it. */
function cacheKey(schema: unknown, o: GenerateOptions, depth: number): string {
  let pool = 0;
  if (o.ids) {
    if (!pools.has(o.ids)) pools.set(o.ids, ++poolCount);
    pool = pools.get(o.ids)!;
  }
  return `${o.text}|${o.optional}|${depth}|${pool}|${JSON.stringify(schema ?? {})}`;
}

export function positive(schema: unknown, o: GenerateOptions, depth = 0): fc.Arbitrary<unknown> {
  const byKey = memo(built, o.validator, () => new Map<string, fc.Arbitrary<unknown>>());
  return memo(byKey, cacheKey(schema, o, depth), () => build(schema, o, depth));
}

function build(schema: unknown, o: GenerateOptions, depth: number): fc.Arbitrary<unknown> {
  const node = nodeOf(o.spec, schema);
  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...node.enum);
  const alternatives = alternativesOf(o.spec, node);
  let arb = alternatives ? alternativesArb(node, alternatives, o, depth) : typedArb(node, typesOf(node), o, depth);
  if (node.not) {
    const forbidden = validatorFor(o.validator, node.not);
    arb = bounded(arb, (v) => forbidden(v).length > 0, 'a value `not` allows');
  }
  return arb;
}

function typedArb(node: Json, types: JsonType[], o: GenerateOptions, depth: number): fc.Arbitrary<unknown> {
  const one = (t: JsonType): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string':
        return stringArb(node, o);
      case 'integer':
        return integerArb(node);
      case 'number':
        return numberArb(node);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return arrayArb(node, o, depth);
      case 'object':
        return objectArb(node, o, depth);
    }
  };
  return types.length === 1 ? one(types[0]) : fc.oneof(...types.map(one));
}

/** oneOf/anyOf: a value of one alternative that the whole node accepts (exactly one, for oneOf). */
function alternativesArb(node: Json, alternatives: Json[], o: GenerateOptions, depth: number): fc.Arbitrary<unknown> {
  const valid = validatorFor(o.validator, node);
  return bounded(
    fc.oneof(...alternatives.map((a) => positive(a, o, depth))),
    (v) => valid(v).length === 0,
    `a value of exactly one alternative`,
  );
}

function stringArb(node: Json, o: GenerateOptions): fc.Arbitrary<string> {
  const min = node.minLength ?? 0;
  const max = node.maxLength ?? Math.max(min, UNBOUNDED_LENGTH);
  const format = typeof node.format === 'string' ? formatted(node.format) : undefined;
  const pattern = typeof node.pattern === 'string' ? node.pattern : undefined;
  if (!format && !pattern) return plainText(o.text, min, max);
  const valid = validatorFor(o.validator, { type: 'string', ...pick(node, ['minLength', 'maxLength', 'pattern', 'format']) });
  let arb =
    format && pattern
      ? bounded(format, (s) => new RegExp(pattern, 'u').test(s), `a ${node.format} matching ${pattern}`)
      : (format ?? matching(pattern!));
  arb = bounded(arb, withinLength(min, max), `a string of ${min} to ${max} characters matching ${pattern ?? node.format}`);
  const live = pattern && !format ? (o.ids?.(pattern) ?? []) : [];
  if (live.length) arb = fc.oneof({ arbitrary: fc.constantFrom(...live), weight: 2 }, { arbitrary: arb, weight: 1 });
  return bounded(arb, (s) => valid(s).length === 0, `a valid ${pattern ?? node.format} string`);
}

function integerArb(node: Json): fc.Arbitrary<number> {
  const min = lowerBound(node, 1) ?? -(2 ** 31);
  const max = upperBound(node, 1) ?? 2 ** 31 - 1;
  const step = typeof node.multipleOf === 'number' && Number.isInteger(node.multipleOf) ? node.multipleOf : 1;
  if (step === 1) return fc.integer({ min, max });
  return fc.integer({ min: Math.ceil(min / step), max: Math.floor(max / step) }).map((n) => n * step);
}

function numberArb(node: Json): fc.Arbitrary<number> {
  const min = node.minimum ?? node.exclusiveMinimum;
  const max = node.maximum ?? node.exclusiveMaximum;
  return fc.oneof(
    integerArb(node),
    fc.double({
      noNaN: true,
      noDefaultInfinity: true,
      ...(min !== undefined ? { min, minExcluded: node.minimum === undefined } : { min: -1e9 }),
      ...(max !== undefined ? { max, maxExcluded: node.maximum === undefined } : { max: 1e9 }),
    }),
  );
}

/** Inclusive integer bounds from minimum / exclusiveMinimum (and the maximum side). */
export function lowerBound(node: Json, step: number): number | undefined {
  if (typeof node.minimum === 'number') return Math.ceil(node.minimum);
  if (typeof node.exclusiveMinimum === 'number') return Math.floor(node.exclusiveMinimum) + step;
  return undefined;
}

export function upperBound(node: Json, step: number): number | undefined {
  if (typeof node.maximum === 'number') return Math.floor(node.maximum);
  if (typeof node.exclusiveMaximum === 'number') return Math.ceil(node.exclusiveMaximum) - step;
  return undefined;
}

function arrayArb(node: Json, o: GenerateOptions, depth: number): fc.Arbitrary<unknown[]> {
  const items = positive(node.items ?? {}, o, depth + 1);
  const minItems = node.minItems ?? 0;
  const maxItems = node.maxItems;
  const minLength = o.optional === 'all' && (maxItems ?? 1) >= 1 ? Math.max(minItems, 1) : minItems;
  const maxLength = o.optional === 'none' || depth >= MAX_DEPTH ? minItems : Math.min(maxItems ?? minItems + 5, minItems + 5);
  const bounds = { minLength, maxLength: Math.max(minLength, maxLength) };
  return node.uniqueItems ? fc.uniqueArray(items, { ...bounds, selector: (v) => JSON.stringify(v) }) : fc.array(items, bounds);
}

function objectArb(node: Json, o: GenerateOptions, depth: number): fc.Arbitrary<Json> {
  const props: Json = node.properties ?? {};
  const required: string[] = node.required ?? [];
  const keys = [...new Set([...Object.keys(props), ...required])];
  const optional = o.optional === 'random' && depth >= MAX_DEPTH ? 'none' : o.optional;
  const minProperties = node.minProperties ?? 0;
  const maxProperties = node.maxProperties ?? Infinity;
  // The minimal value: required keys, then optional ones in order until minProperties holds.
  const minimal = [...required, ...keys.filter((k) => !required.includes(k)).slice(0, Math.max(0, minProperties - required.length))];
  const chosen =
    optional === 'all'
      ? keys.slice(0, Math.max(required.length, Math.min(keys.length, maxProperties)))
      : optional === 'none'
        ? minimal
        : keys;
  const model = Object.fromEntries(chosen.map((k) => [k, positive(props[k] ?? {}, o, depth + 1)]));
  const declared = fc.record(model, { requiredKeys: optional === 'random' ? chosen.filter((k) => required.includes(k)) : chosen });
  const extra = isObject(node.additionalProperties) && optional !== 'none' ? extrasArb(node, keys, o, depth) : fc.constant({});
  const sized = fc.tuple(declared, extra).map(([d, e]): Json => ({ ...e, ...d }));
  return bounded(
    sized,
    (v) => Object.keys(v).length >= minProperties && Object.keys(v).length <= maxProperties,
    `an object of ${minProperties} to ${maxProperties} properties`,
  );
}

/** Entries an additionalProperties schema admits (metadata maps), under names propertyNames admits. */
function extrasArb(node: Json, declared: string[], o: GenerateOptions, depth: number): fc.Arbitrary<Json> {
  const names = positive(
    { type: 'string', minLength: 1, maxLength: 40, ...(node.propertyNames ?? {}) },
    { ...o, text: 'ascii' },
    depth + 1,
  ) as fc.Arbitrary<string>;
  const room = Math.max(0, Math.min(3, (node.maxProperties ?? Infinity) - declared.length));
  return fc
    .dictionary(
      bounded(names, (k) => !declared.includes(k) && k !== '__proto__', 'an undeclared property name'),
      positive(node.additionalProperties, o, depth + 1),
      {
        minKeys: o.optional === 'all' ? Math.min(1, room) : 0,
        maxKeys: room,
      },
    )
    .map((d) => ({ ...d }));
}

function pick(node: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => node[k] !== undefined).map((k) => [k, node[k]]));
}
