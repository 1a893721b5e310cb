// Equality as example replay means it (openapi/README.md "Example replay"): two date-times are
// equal when they denote the same instant; everything else is equal by value, arrays in order.
type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An RFC 3339 date-time (what `format: date-time` holds). */
export const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i;

const sameInstant = (a: string, b: string) => DATE_TIME.test(a) && DATE_TIME.test(b) && Date.parse(a) === Date.parse(b);

/** Equality where two date-times are equal when they denote the same instant. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b || sameInstant(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}

/** The same members, in any order. */
export const sameSet = (a: unknown[], b: unknown[]): boolean =>
  a.length === b.length && a.every((v) => b.some((w) => sameValue(v, w))) && b.every((w) => a.some((v) => sameValue(v, w)));
