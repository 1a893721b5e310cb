import { resolveRef } from '../../../openapi/tools/spec.js';
import type { CheckContext, FailureInput, Json } from '../types.js';
import { defineCheck, hasJsonBody, na, res, statusIsExpected, when } from './define.js';
import { escapePointer, isObject } from './support.js';

// ARCHITECTURE.md §6: generated values (ids, timestamps, secrets) are compared by schema only; stable
// values equal the example's: enums and consts, echoed inputs, and ids of resources the run
// already knows (mapped to the server's). Problem bodies are error-code's concern.

/** Equality where two date-times are equal when they denote the same instant. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const iso = /^\d{4}-\d\d-\d\dT/;
    return iso.test(a) && iso.test(b) && Date.parse(a) === Date.parse(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}

const sameSet = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v) => b.some((w) => sameValue(v, w)));

function enumOf(schema: Json): unknown[] | undefined {
  if ('const' in schema) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** The branch of a oneOf/anyOf that describes `value` (an enum containing it, or an object). */
function branch(spec: Json, schema: Json, value: unknown): Json | undefined {
  const options = (schema.oneOf ?? schema.anyOf ?? []).map((s: Json) => resolveRef(spec, s));
  return (
    options.find((s: Json) => enumOf(s)?.some((v) => sameValue(v, value))) ??
    options.find((s: Json) => isObject(value) && (s.type === 'object' || s.properties))
  );
}

function compare(ctx: CheckContext, schemaIn: Json | undefined, expected: unknown, actual: unknown, pointer: string, out: FailureInput[]) {
  if (!schemaIn) return;
  let schema = resolveRef(ctx.spec, schemaIn);
  if (schema.oneOf || schema.anyOf) schema = branch(ctx.spec, schema, expected) ?? schema;
  const differs = (what: string) =>
    out.push({
      message: `${pointer || '/'}: documented ${what} ${JSON.stringify(expected)}, received ${JSON.stringify(actual)}`,
      documented: expected,
      received: actual,
      pointer: pointer || '/',
    });

  const values = enumOf(schema);
  if (values && (expected === null || typeof expected !== 'object')) {
    if (!sameValue(expected, actual)) differs(values.length === 1 ? 'constant' : 'enum value');
    return;
  }
  if (typeof expected === 'string' && ctx.ids.has(expected)) {
    // Ids this case creates are generated; ids the run has already seen created or listed are
    // stable. A top-level id the request did not name is the new resource's own: generated.
    const mapped = ctx.ids.get(expected)!;
    const named = JSON.stringify([ctx.sent.path, ctx.sent.query, ctx.sent.body]).includes(`"${mapped}"`);
    if (ctx.produces.includes(expected) || (pointer === '/id' && !named)) return;
    if (actual !== mapped) differs('id');
    return;
  }
  if (Array.isArray(expected)) {
    const items = schema.items ? resolveRef(ctx.spec, schema.items) : undefined;
    if (items && enumOf(items) && Array.isArray(actual) && !sameSet(expected, actual)) differs('set');
    else if (items && enumOf(items) && !Array.isArray(actual)) differs('set');
    return;
  }
  if (isObject(expected)) {
    const props: Json = schema.properties ?? {};
    for (const [key, value] of Object.entries(expected)) {
      if (props[key]) compare(ctx, props[key], value, isObject(actual) ? actual[key] : undefined, `${pointer}/${escapePointer(key)}`, out);
    }
  }
}

/** Inputs the example's response echoes unchanged (same key, same value, top level). */
function echoed(ctx: CheckContext, expected: Json): string[] {
  const inputs: Json = { ...ctx.sent.query, ...(isObject(ctx.sent.body) ? ctx.sent.body : {}) };
  return Object.keys(inputs).filter((k) => k in expected && sameValue(inputs[k], expected[k]));
}

export const stableValues = defineCheck(
  'stable-values',
  'Stable values equal the example',
  when(statusIsExpected, hasJsonBody, (ctx, ex) => {
    const expected = ctx.expected.value;
    if (expected === undefined) return na('the example has no value');
    if (/problem/.test(ctx.expected.mediaType ?? '')) return na('problem bodies are compared by error-code');
    const actual = res(ex).json;
    const schema = Object.entries<Json>(ctx.operation.op.responses?.[ctx.expected.status]?.content ?? {}).find(
      ([t]) => t === ctx.expected.mediaType,
    )?.[1]?.schema;
    const out: FailureInput[] = [];
    compare(ctx, schema, expected, actual, '', out);
    if (isObject(expected) && isObject(actual)) {
      for (const key of echoed(ctx, expected)) {
        if (!sameValue(expected[key], actual[key]) && !out.some((f) => f.pointer === `/${escapePointer(key)}`)) {
          out.push({
            message: `/${key}: the request sent ${JSON.stringify(expected[key])}, the response echoes ${JSON.stringify(actual[key])}`,
            documented: expected[key],
            received: actual[key],
            pointer: `/${escapePointer(key)}`,
          });
        }
      }
    }
    return out;
  }),
);
