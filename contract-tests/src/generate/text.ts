// Strings for generated inputs: plain text in three styles (printable ASCII, non-ASCII, either),
// the formats JSON Schema names, and strings that match a pattern. Lengths are counted in code
// points, as JSON Schema (and ajv) count them.
import fc from 'fast-check';
import { memo } from '../memo.js';

/** How plain strings are drawn: printable ASCII, visible ASCII (header-safe), non-ASCII, or any. */
export type TextStyle = 'ascii' | 'visible' | 'unicode' | 'any';

export const codePoints = (s: string) => [...s].length;

/** Characters servers mishandle: accents, CJK, emoji, zero-width and combining marks, RTL, NUL. */
const UNUSUAL = ['é', 'ß', 'İ', 'ﬁ', '漢', '字', '😀', '\u200d', '\u0301', '\u202e', 'ع', '\u0000', '\u2028'];

/** One non-ASCII (or control) code point; never half a surrogate pair. */
export const unusualChar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...UNUSUAL),
  fc
    .integer({ min: 0x80, max: 0x10ffff })
    .filter((cp) => cp < 0xd800 || cp > 0xdfff)
    .map((cp) => String.fromCodePoint(cp)),
);

const asciiChar: fc.Arbitrary<string> = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
/** No spaces: a header value's outer spaces are not part of it. */
const visibleChar: fc.Arbitrary<string> = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

export function plainText(style: TextStyle, minLength: number, maxLength: number): fc.Arbitrary<string> {
  const ascii = fc.string({ unit: asciiChar, minLength, maxLength });
  // Non-ASCII text has at least one character whenever the schema allows one.
  const unicode = fc.string({ unit: unusualChar, minLength: Math.min(Math.max(minLength, 1), maxLength), maxLength });
  if (style === 'ascii') return ascii;
  if (style === 'visible') return fc.string({ unit: visibleChar, minLength, maxLength });
  if (style === 'unicode') return unicode;
  return fc.oneof(ascii, unicode, fc.string({ unit: fc.oneof(asciiChar, unusualChar), minLength, maxLength }));
}

const MIN_DATE = new Date('1970-01-01T00:00:00Z');
const MAX_DATE = new Date('2099-12-31T23:59:59Z');

/** Values of the formats JSON Schema names (RFC 3339 times with and without fractions …). */
export function formatted(format: string): fc.Arbitrary<string> | undefined {
  const instant = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true });
  switch (format) {
    case 'date-time':
      return fc.tuple(instant, fc.boolean()).map(([d, ms]) => (ms ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z')));
    case 'date':
      return instant.map((d) => d.toISOString().slice(0, 10));
    case 'time':
      return instant.map((d) => `${d.toISOString().slice(11, 19)}Z`);
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
    case 'iri':
      return fc.webUrl({ withQueryParameters: true, withFragments: true });
    case 'uuid':
      return fc.uuid();
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'hostname':
      return fc.domain();
    default:
      return undefined;
  }
}

const byPattern = new Map<string, fc.Arbitrary<string>>();

/** Strings matching a pattern (ECMA-262, as ajv reads it); built once per pattern (large ones are slow to build). */
export function matching(pattern: string): fc.Arbitrary<string> {
  return memo(byPattern, pattern, () => fc.stringMatching(new RegExp(pattern, 'u')));
}

/** Within a code-point length range. */
export const withinLength = (min: number, max: number) => (s: string) => {
  const n = codePoints(s);
  return n >= min && n <= max;
};
