// Invalid values from a JSON Schema: every place and way a schema can be broken (a Site: a required
// property left out, a wrong type, a string over its maxLength, an unknown enum value, a pattern or
// format mismatch, a number out of range, an undeclared property where additionalProperties is
// false, too few or too many items …), and for each an arbitrary of whole values that are valid
// everywhere except there, with the JSON pointer of the field that is broken.
import fc from 'fast-check';
import type { Spec } from '../../../openapi/tools/spec.js';
import type { Json } from '../types.js';
import { bounded } from './bounded.js';
import { type GenerateOptions, lowerBound, positive, upperBound } from './positive.js';
import {
  admits,
  alternativesOf,
  escapeSegment,
  isObject,
  JSON_TYPES,
  type JsonType,
  nodeOf,
  typesOf,
  validatorFor,
} from './schema-node.js';
import { matching } from './text.js';

export type Rule =
  | 'required'
  | 'type'
  | 'maxLength'
  | 'minLength'
  | 'pattern'
  | 'format'
  | 'enum'
  | 'const'
  | 'minimum'
  | 'maximum'
  | 'additionalProperties'
  | 'minItems'
  | 'maxItems'
  | 'uniqueItems'
  | 'minProperties'
  | 'maxProperties'
  | 'propertyNames'
  | 'alternatives';

/** Where and how a schema can be broken. `path` leads from the root; `*` is an item or a map entry. */
export interface Site {
  path: string[];
  rule: Rule;
  /** The property a `required` site leaves out. */
  property?: string;
}

/** A whole value valid everywhere but at `pointer` (segments), where `rule` is broken. */
export interface Broken {
  value: unknown;
  pointer: string[];
  rule: Rule;
}

/** Past these sizes a broken value would be refused for its size (413), not for its field. */
const MAX_BROKEN_LENGTH = 50_000;
const MAX_BROKEN_ITEMS = 2_000;
const MAX_DEPTH = 6;
const CREDENTIAL_NAME = /key|token|secret|password|auth/;

const letters = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: min, maxLength: max });
const printable = (min: number, max: number) =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });

export const pointerOf = (segments: readonly string[]) => segments.map((s) => `/${escapeSegment(s)}`).join('');

/** Every site of a schema, in document order (parents before children). */
export function sitesOf(spec: Spec, schema: unknown, path: string[] = [], depth = 0): Site[] {
  const node = nodeOf(spec, schema);
  const out: Site[] = [];
  const add = (rule: Rule, extra: Partial<Site> = {}) => out.push({ path, rule, ...extra });
  const types = typesOf(node);
  if (JSON_TYPES.some((t) => !admits(types, t))) add('type');
  if ('const' in node) return (add('const'), out);
  if (Array.isArray(node.enum)) return (add('enum'), out);
  if (alternativesOf(spec, node)) return (add('alternatives'), out);
  if (types.includes('string')) {
    if (typeof node.maxLength === 'number' && node.maxLength < MAX_BROKEN_LENGTH) add('maxLength');
    if (typeof node.minLength === 'number' && node.minLength > 0) add('minLength');
    if (typeof node.pattern === 'string') add('pattern');
    if (typeof node.format === 'string') add('format');
  }
  if (types.includes('integer') || types.includes('number')) {
    if (node.minimum !== undefined || node.exclusiveMinimum !== undefined) add('minimum');
    if (node.maximum !== undefined || node.exclusiveMaximum !== undefined) add('maximum');
  }
  if (types.includes('array')) {
    if ((node.minItems ?? 0) > 0) add('minItems');
    if (typeof node.maxItems === 'number' && node.maxItems < MAX_BROKEN_ITEMS) add('maxItems');
    if (node.uniqueItems && (node.maxItems ?? 2) >= 2) add('uniqueItems');
    if (depth < MAX_DEPTH) out.push(...sitesOf(spec, node.items ?? {}, [...path, '*'], depth + 1));
  }
  if (types.includes('object')) {
    const props: Json = node.properties ?? {};
    for (const k of node.required ?? []) add('required', { property: k });
    if (node.additionalProperties === false) add('additionalProperties');
    if ((node.minProperties ?? 0) > (node.required ?? []).length) add('minProperties');
    const extras = isObject(node.additionalProperties);
    if (typeof node.maxProperties === 'number' && (extras || Object.keys(props).length > node.maxProperties)) add('maxProperties');
    if (node.propertyNames && extras) add('propertyNames');
    if (depth < MAX_DEPTH) {
      for (const [k, child] of Object.entries(props)) out.push(...sitesOf(spec, child, [...path, k], depth + 1));
      if (extras) out.push(...sitesOf(spec, node.additionalProperties, [...path, '*'], depth + 1));
    }
  }
  return out;
}

/** Whole values with exactly `site` broken (everything around it valid). */
export function brokenAt(schema: unknown, site: Site, o: GenerateOptions): fc.Arbitrary<Broken> {
  return descend(schema, site.path, site, o);
}

function descend(schema: unknown, path: string[], site: Site, o: GenerateOptions): fc.Arbitrary<Broken> {
  const node = nodeOf(o.spec, schema);
  if (path.length === 0) return leaf(node, site, o);
  const [segment, ...rest] = path;
  if (typesOf(node).includes('array') && segment === '*') {
    // The broken item first, valid ones after it (never more than maxItems in all).
    const others = fc.array(positive(node.items ?? {}, o), {
      minLength: Math.max(0, (node.minItems ?? 0) - 1),
      maxLength: Math.max(0, Math.min((node.maxItems ?? 3) - 1, 2)),
    });
    const child = descend(node.items ?? {}, rest, site, o);
    return fc
      .tuple(child, others)
      .map(([c, more]) => ({ value: [c.value, ...dedupe(more, c.value, node.uniqueItems)], pointer: ['0', ...c.pointer], rule: c.rule }));
  }
  if (segment === '*') {
    // An entry of a map (additionalProperties): a fresh name holding the broken value.
    const names = entryNames(node, o);
    const base = positive(
      { ...node, maxProperties: Math.max(0, (node.maxProperties ?? 3) - 1) },
      { ...o, optional: 'none' },
    ) as fc.Arbitrary<Json>;
    return fc
      .tuple(base, names, descend(node.additionalProperties, rest, site, o))
      .map(([b, name, c]) => ({ value: { ...b, [name]: c.value }, pointer: [name, ...c.pointer], rule: c.rule }));
  }
  const props: Json = node.properties ?? {};
  const base = positive(node, o) as fc.Arbitrary<Json>;
  return fc
    .tuple(base, descend(props[segment] ?? {}, rest, site, o))
    .map(([b, c]) => ({ value: { ...b, [segment]: c.value }, pointer: [segment, ...c.pointer], rule: c.rule }));
}

const dedupe = (items: unknown[], first: unknown, unique: boolean | undefined) =>
  unique ? items.filter((v) => JSON.stringify(v) !== JSON.stringify(first)) : items;

function entryNames(node: Json, o: GenerateOptions): fc.Arbitrary<string> {
  const declared = Object.keys(node.properties ?? {});
  const names = positive(
    { type: 'string', minLength: 1, maxLength: 40, ...(node.propertyNames ?? {}) },
    { ...o, text: 'ascii' },
  ) as fc.Arbitrary<string>;
  return bounded(names, (k) => !declared.includes(k) && k !== '__proto__', 'an undeclared property name');
}

/** The broken node itself. `pointer` is relative to it ([] or the property a change is about). */
function leaf(node: Json, site: Site, o: GenerateOptions): fc.Arbitrary<Broken> {
  const at = (value: fc.Arbitrary<unknown>, pointer: string[] = []) => value.map((v) => ({ value: v, pointer, rule: site.rule }));
  const valid = validatorFor(o.validator, node);
  const invalid = <T>(arb: fc.Arbitrary<T>) => bounded(arb, (v) => valid(v).length > 0, `a value breaking ${site.rule}`);
  switch (site.rule) {
    case 'required': {
      const k = site.property!;
      return (positive(node, o) as fc.Arbitrary<Json>).map((v) => {
        const { [k]: _gone, ...rest } = v;
        return { value: rest, pointer: [k], rule: site.rule };
      });
    }
    case 'additionalProperties': {
      const declared = Object.keys(node.properties ?? {});
      // Never a name that reads as credentials: a key in the body is a documented 401, not this 422.
      const name = bounded(
        matching('^[a-z]{3,10}(_[a-z]{2,8})?$'),
        (k) => !declared.includes(k) && !CREDENTIAL_NAME.test(k),
        'an undeclared property name',
      );
      const value = fc.oneof(letters(1, 12), fc.integer(), fc.boolean());
      return fc
        .tuple(positive(node, o) as fc.Arbitrary<Json>, name, value)
        .map(([v, k, x]) => ({ value: { ...v, [k]: x }, pointer: [k], rule: site.rule }));
    }
    case 'type':
      return at(invalid(otherType(typesOf(node))));
    case 'maxLength':
      return at(printable(node.maxLength + 1, node.maxLength + 8));
    case 'minLength':
      return at(printable(0, node.minLength - 1));
    case 'pattern': {
      const re = new RegExp(node.pattern, 'u');
      return at(
        bounded(
          printable(Math.max(1, node.minLength ?? 0), Math.max(1, Math.min(node.maxLength ?? 24, 24))),
          (s) => !re.test(s),
          `a string off ${node.pattern}`,
        ),
      );
    }
    case 'format': {
      const wellFormed = validatorFor(o.validator, { type: 'string', format: node.format });
      return at(bounded(printable(1, 24), (s) => wellFormed(s).length > 0, `a string that is not ${node.format}`));
    }
    case 'enum':
      return at(invalid(unknownEnumValue(node.enum)));
    case 'const':
      return at(invalid(typeof node.const === 'string' ? fc.constant(`${node.const}_x`) : fc.oneof(fc.integer(), letters(1, 8))));
    case 'minimum': {
      const integer = !typesOf(node).includes('number');
      const lo = integer ? lowerBound(node, 1)! : (node.minimum ?? node.exclusiveMinimum);
      return at(
        integer
          ? fc.integer({ min: lo - 1000, max: lo - 1 })
          : fc.double({ min: lo - 1000, max: lo, maxExcluded: node.minimum !== undefined, noNaN: true }),
      );
    }
    case 'maximum': {
      const integer = !typesOf(node).includes('number');
      const hi = integer ? upperBound(node, 1)! : (node.maximum ?? node.exclusiveMaximum);
      return at(
        integer
          ? fc.integer({ min: hi + 1, max: hi + 1000 })
          : fc.double({ min: hi, max: hi + 1000, minExcluded: node.maximum !== undefined, noNaN: true }),
      );
    }
    case 'minItems':
      return at(fc.array(positive(node.items ?? {}, o), { minLength: 0, maxLength: node.minItems - 1 }));
    case 'maxItems':
      // One valid item, repeated: long arrays stay cheap to build and to shrink.
      return at(positive(node.items ?? {}, o).map((item) => Array.from({ length: node.maxItems + 1 }, () => item)));
    case 'uniqueItems': {
      const item = positive(node.items ?? {}, o);
      const room = Math.max(0, Math.min((node.maxItems ?? 4) - 2, 2));
      return at(fc.tuple(item, fc.array(item, { maxLength: room })).map(([x, more]) => [x, x, ...more]));
    }
    case 'minProperties':
      return at(positive({ ...node, minProperties: 0 }, { ...o, optional: 'none' }));
    case 'maxProperties': {
      const count = node.maxProperties + 1;
      const value = positive(node.additionalProperties ?? {}, o);
      return at(
        fc
          .uniqueArray(entryNames(node, o), { minLength: count, maxLength: count })
          .chain((names) => fc.tuple(...names.map(() => value)).map((vs) => Object.fromEntries(names.map((n, i) => [n, vs[i]])))),
      );
    }
    case 'propertyNames': {
      const nameOk = validatorFor(o.validator, { type: 'string', ...node.propertyNames });
      const name = bounded(printable(1, 50), (k) => nameOk(k).length > 0 && k !== '__proto__', 'a property name propertyNames refuses');
      return at(fc.tuple(name, positive(node.additionalProperties ?? {}, o)).map(([k, v]) => ({ [k]: v })));
    }
    case 'alternatives':
      return at(invalid(fc.oneof(...typesOf(node).map(sampleOfType))));
  }
}

/** A value of a JSON type the node does not admit (a fraction where only integers are). */
function otherType(types: JsonType[]): fc.Arbitrary<unknown> {
  const others = JSON_TYPES.filter((t) => !admits(types, t));
  const candidates = others.map((t) =>
    t === 'number' ? bounded(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (n) => !Number.isInteger(n), 'a fraction') : sampleOfType(t),
  );
  return fc.oneof(...candidates);
}

function sampleOfType(t: JsonType): fc.Arbitrary<unknown> {
  switch (t) {
    case 'string':
      return letters(0, 12);
    case 'integer':
      return fc.integer({ min: -1000, max: 1000 });
    case 'number':
      return fc.double({ min: -1e6, max: 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 });
    case 'object':
      return fc.constant({});
  }
}

/** A value of the enum's own type that it does not list: a near miss or a made-up word. */
function unknownEnumValue(values: unknown[]): fc.Arbitrary<unknown> {
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (!strings.length) return fc.integer({ min: -1000, max: 1000 });
  return fc.oneof(
    fc.constantFrom(...strings).map((v) => `${v.toUpperCase()}_X`),
    letters(1, 12),
  );
}
