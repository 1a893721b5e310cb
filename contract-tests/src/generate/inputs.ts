// Whole requests of one operation as arbitraries. Valid ones: path ids given (real fixtures), query,
// headers and body generated, each run from another corner of the valid inputs (every field with
// non-ASCII text, the minimal request, anything). Invalid ones: valid everywhere except one field,
// each run breaking another kind of rule (a missing required field first, then a wrong type, an
// over-long string, an unknown property, a malformed path id …), so few runs already cover the
// commonest mistakes.
import fc from 'fast-check';
import type { Json } from '../types.js';
import { bounded } from './bounded.js';
import type { Location } from './fields.js';
import { brokenAt, type Rule, type Site, sitesOf } from './negative.js';
import { type GenerateOptions, positive } from './positive.js';
import { nodeOf, typesOf, validatorFor } from './schema-node.js';
import { asReceived, type GeneratedInput, type Param, type Surface } from './surface.js';
import { matching, type TextStyle } from './text.js';

export interface Flavour {
  label: string;
  text: TextStyle;
  optional: GenerateOptions['optional'];
}

/** Valid inputs, run after run; past the list, anything valid. */
export const FLAVOURS: Flavour[] = [
  { label: 'every field, non-ASCII text', text: 'unicode', optional: 'all' },
  { label: 'required fields only', text: 'ascii', optional: 'none' },
];
const ANY: Flavour = { label: 'any valid input', text: 'any', optional: 'random' };

export const flavourOf = (run: number): Flavour => FLAVOURS[run] ?? ANY;

/** Kinds of breakage, in the order runs take them (each run another kind, then round again). */
export const BREAKAGES: Array<{ label: string; rules: Rule[]; parts?: Location['in'][] }> = [
  { label: 'required field missing', rules: ['required'] },
  { label: 'wrong type', rules: ['type'] },
  { label: 'string over maxLength', rules: ['maxLength'] },
  { label: 'undeclared property', rules: ['additionalProperties'] },
  { label: 'malformed path id', rules: ['pattern'], parts: ['path'] },
  { label: 'unknown enum value', rules: ['enum', 'const'] },
  { label: 'pattern or format mismatch', rules: ['pattern', 'format', 'alternatives'] },
  { label: 'number out of range', rules: ['minimum', 'maximum'] },
  { label: 'string under minLength', rules: ['minLength'] },
  { label: 'wrong item count', rules: ['minItems', 'maxItems', 'uniqueItems'] },
  { label: 'wrong property count', rules: ['minProperties', 'maxProperties', 'propertyNames'] },
];

/** One place an operation's input can be broken: a parameter or the body, and the rule broken there. */
export interface InputSite {
  in: Location['in'];
  param?: Param;
  site: Site;
}

/** A request valid everywhere but at `location`. */
export interface BrokenInput {
  input: GeneratedInput;
  location: Location;
  rule: Rule;
}

/** Valid inputs with the given path ids. */
export function validInput(surface: Surface, path: Json, o: GenerateOptions): fc.Arbitrary<GeneratedInput> {
  const params = (list: Param[], opts: GenerateOptions) => {
    const model = Object.fromEntries(list.map((p) => [p.name, positive(p.schema, opts)]));
    const always = list.filter((p) => p.required || opts.optional === 'all').map((p) => p.name);
    const keys = opts.optional === 'none' ? list.filter((p) => p.required).map((p) => p.name) : list.map((p) => p.name);
    return fc
      .record(Object.fromEntries(keys.map((k) => [k, model[k]])), { requiredKeys: always.filter((k) => keys.includes(k)) })
      .map((r) => ({ ...r }));
  };
  return fc
    .record({
      query: params(surface.query, o),
      // Header values are visible ASCII: anything else is not a header value.
      header: params(surface.header, { ...o, text: 'visible', ids: undefined }),
      body: surface.body ? positive(surface.body.schema, o) : fc.constant(undefined),
    })
    .map(({ query, header, body }) => ({
      path: { ...path },
      query: textOf(query),
      header: textOf(header),
      ...(surface.body ? { body } : {}),
    }));
}

/** Every place an operation's input can be broken, parameters first, then the body. */
export function inputSites(o: GenerateOptions, surface: Surface): InputSite[] {
  const out: InputSite[] = [];
  for (const p of surface.path) out.push({ in: 'path', param: p, site: { path: [], rule: 'pattern' } });
  for (const p of [...surface.query, ...surface.header]) {
    if (p.required) out.push({ in: p.in, param: p, site: { path: [], rule: 'required', property: p.name } });
    // On the wire a parameter is text: only rules text can break (no wrong type for a string).
    for (const s of sitesOf(o.spec, p.schema))
      if (s.path.length === 0 && !(s.rule === 'type' && textIsValidType(o, p))) out.push({ in: p.in, param: p, site: s });
  }
  if (surface.body) {
    if (surface.body.required) out.push({ in: 'body', site: { path: [], rule: 'required' } });
    for (const s of sitesOf(o.spec, surface.body.schema)) out.push({ in: 'body', site: s });
  }
  return out;
}

/** A parameter that admits text cannot be sent with the wrong type: it arrives as text. */
const textIsValidType = (o: GenerateOptions, p: Param) => typesOf(nodeOf(o.spec, p.schema)).includes('string');

/** The kinds of breakage an operation offers, in run order. */
export function breakagesOf(sites: InputSite[]): Array<{ label: string; sites: InputSite[] }> {
  return BREAKAGES.map((b) => ({
    label: b.label,
    sites: sites.filter((s) => b.rules.includes(s.site.rule) && (!b.parts || b.parts.includes(s.in)) && !(s.in === 'path' && !b.parts)),
  })).filter((b) => b.sites.length);
}

/** Requests broken at one of `sites` (the arbitrary picks which, and shrinks towards the first). */
export function brokenInput(surface: Surface, path: Json, sites: InputSite[], o: GenerateOptions): fc.Arbitrary<BrokenInput> {
  return fc.oneof(...sites.map((s) => brokenAtSite(surface, path, s, o)));
}

function brokenAtSite(surface: Surface, path: Json, s: InputSite, o: GenerateOptions): fc.Arbitrary<BrokenInput> {
  const rest = validInput(surface, path, { ...o, optional: 'random' });
  if (s.in === 'body') {
    if (s.site.rule === 'required' && s.site.path.length === 0 && s.site.property === undefined) {
      return rest.map((input) => ({ input: withoutBody(input), location: { in: 'body', segments: [] }, rule: 'required' }));
    }
    return fc
      .tuple(rest, brokenAt(surface.body!.schema, s.site, o))
      .map(([input, b]) => ({ input: { ...input, body: b.value }, location: { in: 'body', segments: b.pointer }, rule: b.rule }));
  }
  const p = s.param!;
  const location: Location = { in: s.in, segments: [p.name] };
  if (s.site.rule === 'required')
    return rest.map((input) => ({
      input: { ...input, [s.in]: omit(input[s.in as 'query' | 'header'], p.name) },
      location,
      rule: 'required',
    }));
  const valid = validatorFor(o.validator, p.schema);
  const text = s.in === 'path' ? malformedId() : brokenAt(p.schema, s.site, o).map((b) => asText(b.value));
  // Broken as the server reads it: the text, typed back by the parameter's schema.
  const broken = bounded(
    text,
    (t) => valid(asReceived(o.spec, p, t)).length > 0 && (s.in !== 'header' || /^[\x21-\x7e]*$/.test(t)),
    `a value ${s.in} parameter ${p.name} refuses`,
  );
  return fc
    .tuple(rest, broken)
    .map(([input, t]) => ({ input: { ...input, [s.in]: { ...input[s.in as 'path'], [p.name]: t } }, location, rule: s.site.rule }));
}

/** An id that cannot be one: URL-safe (no dots or slashes the URL would resolve away), never empty. */
const malformedId = () => matching('^[A-Za-z0-9_-]{1,40}$');

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function textOf(params: Json): Json {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, asText(v)]));
}

function omit(values: Json, name: string): Json {
  const { [name]: _gone, ...rest } = values;
  return rest;
}

function withoutBody(input: GeneratedInput): GeneratedInput {
  const { body: _gone, ...rest } = input;
  return rest;
}
