// Fresh values for the fields an API keeps unique, so a documented create can be sent again. A value
// whose schema fixes its shape (a phone number's pattern, a URL's format) keeps it: its trailing
// letters and digits are redrawn in their own class; a free text gets a run token appended.
import type { Json } from '../types.js';
import type { UniqueField } from './model.js';

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
/** Trailing characters redrawn in a shaped value: 10^6 phone numbers, 26^6 URL paths. */
const REDRAWN = 6;

const classOf = (ch: string) => (DIGITS.includes(ch) ? DIGITS : LOWER.includes(ch) ? LOWER : UPPER.includes(ch) ? UPPER : undefined);

/** `value` made unique with `entropy` (one byte per character it may change). */
export function uniqueValue(value: string, field: UniqueField, entropy: Uint8Array, token: string): string {
  if (!field.shaped) {
    const suffix = ` ${token}`;
    const room = (field.maxLength ?? Infinity) - suffix.length;
    return `${room < value.length ? value.slice(0, Math.max(0, room)) : value}${suffix}`;
  }
  const chars = [...value];
  let changed = 0;
  for (let i = chars.length - 1; i >= 0 && changed < REDRAWN; i--) {
    const alphabet = classOf(chars[i]);
    if (!alphabet) continue;
    chars[i] = alphabet[entropy[changed % entropy.length] % alphabet.length];
    changed++;
  }
  return chars.join('');
}

/** The body with each unique field varied; a value landing on a reserved one (a test-mode input) is drawn again. */
export function withUniqueFields(
  body: Json,
  fields: UniqueField[],
  draw: () => { entropy: Uint8Array; token: string },
  reserved: ReadonlySet<string>,
): Json {
  const out = { ...body };
  for (const f of fields) {
    if (typeof out[f.field] !== 'string') continue;
    let next = body[f.field];
    for (let tries = 0; tries < 10 && (next === body[f.field] || reserved.has(next)); tries++) {
      const { entropy, token } = draw();
      next = uniqueValue(body[f.field], f, entropy, token);
    }
    out[f.field] = next;
  }
  return out;
}
