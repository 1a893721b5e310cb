// Two versions of one JSON Schema (2020-12, OpenAPI 3.1) compared structurally, refs followed on
// each side: what became stricter or looser, property by property. The findings say nothing of
// direction; the rules decide (a stricter request breaks clients, a looser response does).
import { resolveRef, type Spec } from '../spec.js';

export type FindingKind =
  | 'property-removed'
  | 'property-added'
  | 'became-required'
  | 'became-optional'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'max-length-set'
  | 'max-length-decreased'
  | 'min-length-increased'
  | 'max-decreased'
  | 'min-increased'
  | 'pattern-changed';

export interface SchemaFinding {
  kind: FindingKind;
  /** Where in the value: `body.to`, `body.contacts[].phone`, `query.limit`. */
  property: string;
  /** What changed, for the message: `string → string|null`, `"queued"`, `255`. */
  detail: string;
  /** The property was (removed) or is (added) required. */
  required?: boolean;
  /** The innermost components/schemas entry the change sits in, on the head side. */
  component?: string;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const SCHEMA_REF = '#/components/schemas/';

function typesOf(s: Node): string[] | undefined {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === 'string');
  return undefined;
}
/** `number` admits every integer. */
const covers = (types: string[], t: string) => types.includes(t) || (t === 'integer' && types.includes('number'));
const requiredOf = (s: Node) => new Set(Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : []);
const propertiesOf = (s: Node): Node => (isNode(s.properties) ? s.properties : {});
const numberAt = (s: Node, ...keys: string[]): number | undefined => {
  for (const k of keys) if (typeof s[k] === 'number') return s[k] as number;
  return undefined;
};
const show = (v: unknown) => JSON.stringify(v);

/** allOf members folded into one object schema (properties and required united): how the spec composes objects. */
function flatten(spec: Spec, s: Node): Node {
  if (!Array.isArray(s.allOf)) return s;
  const out: Node = { ...s, allOf: undefined };
  const props: Node = { ...propertiesOf(s) };
  const required = new Set(requiredOf(s));
  for (const member of s.allOf) {
    const m = flatten(spec, resolveRef(spec, member) as Node);
    Object.assign(props, propertiesOf(m));
    for (const r of requiredOf(m)) required.add(r);
    if (out.type === undefined && m.type !== undefined) out.type = m.type;
  }
  out.properties = props;
  out.required = [...required];
  return out;
}

export function compareSchemas(baseSpec: Spec, base: unknown, headSpec: Spec, head: unknown, root: string): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const walking = new Set<string>();

  const walk = (b: unknown, h: unknown, at: string, component: string | undefined) => {
    const bRef = isNode(b) && typeof b.$ref === 'string' ? b.$ref : '';
    const hRef = isNode(h) && typeof h.$ref === 'string' ? h.$ref : '';
    // A recursive schema compares once per pair of refs on the way down.
    const key = `${bRef}>${hRef}`;
    if (bRef && hRef && walking.has(key)) return;
    if (hRef.startsWith(SCHEMA_REF)) component = hRef.slice(SCHEMA_REF.length);
    const bs = resolveRef<unknown>(baseSpec, b);
    const hs = resolveRef<unknown>(headSpec, h);
    if (!isNode(bs) || !isNode(hs)) return;
    if (bRef && hRef) walking.add(key);
    node(flatten(baseSpec, bs), flatten(headSpec, hs), at, component);
    if (bRef && hRef) walking.delete(key);
  };

  const add = (kind: FindingKind, property: string, detail: string, component: string | undefined, required?: boolean) =>
    out.push({ kind, property, detail, ...(required === undefined ? {} : { required }), ...(component ? { component } : {}) });

  const node = (b: Node, h: Node, at: string, component: string | undefined) => {
    const bt = typesOf(b);
    const ht = typesOf(h);
    if (bt && ht) {
      const lost = bt.filter((t) => !covers(ht, t));
      const gained = ht.filter((t) => !covers(bt, t));
      const detail = `${bt.join('|')} → ${ht.join('|')}`;
      if (lost.length) add('type-narrowed', at, detail, component);
      if (gained.length) add('type-widened', at, detail, component);
    } else if (!bt && ht && b.const === undefined && !b.oneOf && !b.anyOf) add('type-narrowed', at, `any → ${ht.join('|')}`, component);
    else if (bt && !ht && h.const === undefined && !h.oneOf && !h.anyOf) add('type-widened', at, `${bt.join('|')} → any`, component);

    if (Array.isArray(b.enum) && Array.isArray(h.enum)) {
      const hv = new Set(h.enum.map(show));
      const bv = new Set(b.enum.map(show));
      for (const v of b.enum) if (!hv.has(show(v))) add('enum-value-removed', at, show(v), component);
      for (const v of h.enum) if (!bv.has(show(v))) add('enum-value-added', at, show(v), component);
    } else if (!Array.isArray(b.enum) && Array.isArray(h.enum))
      add('enum-value-removed', at, `now one of ${h.enum.map(show).join(', ')}`, component);
    else if (Array.isArray(b.enum) && !Array.isArray(h.enum)) add('enum-value-added', at, 'no longer an enum', component);

    const bMaxLen = numberAt(b, 'maxLength');
    const hMaxLen = numberAt(h, 'maxLength');
    if (bMaxLen === undefined && hMaxLen !== undefined) add('max-length-set', at, String(hMaxLen), component);
    else if (bMaxLen !== undefined && hMaxLen !== undefined && hMaxLen < bMaxLen)
      add('max-length-decreased', at, `${bMaxLen} → ${hMaxLen}`, component);
    const bMinLen = numberAt(b, 'minLength') ?? 0;
    const hMinLen = numberAt(h, 'minLength') ?? 0;
    if (hMinLen > bMinLen) add('min-length-increased', at, `${bMinLen} → ${hMinLen}`, component);
    const bMax = numberAt(b, 'maximum', 'exclusiveMaximum');
    const hMax = numberAt(h, 'maximum', 'exclusiveMaximum');
    if (hMax !== undefined && (bMax === undefined || hMax < bMax)) add('max-decreased', at, `${bMax ?? 'unbounded'} → ${hMax}`, component);
    const bMin = numberAt(b, 'minimum', 'exclusiveMinimum');
    const hMin = numberAt(h, 'minimum', 'exclusiveMinimum');
    if (hMin !== undefined && (bMin === undefined || hMin > bMin)) add('min-increased', at, `${bMin ?? 'unbounded'} → ${hMin}`, component);
    if (typeof h.pattern === 'string' && h.pattern !== b.pattern)
      add('pattern-changed', at, `${show(b.pattern ?? null)} → ${show(h.pattern)}`, component);

    const bp = propertiesOf(b);
    const hp = propertiesOf(h);
    const br = requiredOf(b);
    const hr = requiredOf(h);
    const child = (name: string) => `${at}.${name}`;
    for (const name of Object.keys(bp)) {
      if (!(name in hp)) {
        add('property-removed', child(name), name, component, br.has(name));
        continue;
      }
      if (!br.has(name) && hr.has(name)) add('became-required', child(name), name, component);
      if (br.has(name) && !hr.has(name)) add('became-optional', child(name), name, component);
      walk(bp[name], hp[name], child(name), component);
    }
    for (const name of Object.keys(hp)) if (!(name in bp)) add('property-added', child(name), name, component, hr.has(name));

    if (b.items !== undefined && h.items !== undefined) walk(b.items, h.items, `${at}[]`, component);
    for (const k of ['oneOf', 'anyOf'] as const) {
      const bb = Array.isArray(b[k]) ? (b[k] as unknown[]) : [];
      const hb = Array.isArray(h[k]) ? (h[k] as unknown[]) : [];
      if (!bb.length && !hb.length) continue;
      for (let i = 0; i < Math.min(bb.length, hb.length); i++) walk(bb[i], hb[i], at, component);
      if (hb.length > bb.length && bb.length) add('type-widened', at, `${k} ${bb.length} → ${hb.length} branches`, component);
      if (hb.length < bb.length && hb.length) add('type-narrowed', at, `${k} ${bb.length} → ${hb.length} branches`, component);
    }
  };

  walk(base, head, root, undefined);
  return out;
}
