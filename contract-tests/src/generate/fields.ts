// Naming the field a generated input breaks, and reading whether a refusal names it. Servers spell
// a field dotted (`body.schedule.start_at`, `body.entries[0].value`, `query.limit`) or as a JSON
// pointer (`/body/schedule/start_at`), with or without the part in front: all are accepted when,
// normalized, the field equals the location or ends with it.
import { unescapeSegment } from './schema-node.js';

export type Part = 'path' | 'query' | 'header' | 'body';
const PARTS: readonly Part[] = ['path', 'query', 'header', 'body'];

export interface Location {
  in: Part;
  /** Segments inside the part: [] for a whole body, [name] for a parameter. */
  segments: string[];
}

/** How the API names a field: `body.entries[0].value`, `query.limit`, `header.Idempotency-Key`. */
export function fieldName(loc: Location): string {
  return loc.segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : `${acc}.${s}`), loc.in);
}

/** Dotted with indices as segments: `/body/a/0`, `body.a[0]` and `body.a.0` all read `body.a.0`. */
export function normalizeField(field: string): string {
  const text = field.trim();
  if (text.startsWith('/')) return text.slice(1).split('/').map(unescapeSegment).join('.');
  return text.replace(/\[(\d+)\]/g, '.$1');
}

/** Whether a field a server names is the location (with or without its part, dotted or pointer). */
export function namesLocation(field: string, loc: Location): boolean {
  const fold = (s: string) => (loc.in === 'header' ? s.toLowerCase() : s);
  const got = fold(normalizeField(field));
  const full = fold(normalizeField(fieldName(loc)));
  const inside = fold(normalizeField(fieldName({ in: loc.in, segments: loc.segments }).slice(loc.in.length + 1)));
  if (got === full) return true;
  // A field of another part (`query.limit` for the body's `limit`) is another field.
  const part = got.split('.')[0];
  if (PARTS.includes(part as Part) && part !== loc.in) return false;
  // A field that ends with the location inside its part (`schedule.start_at`, `limit`).
  return inside !== '' && (got === inside || got.endsWith(`.${inside}`));
}
