// An aggregate compared before and after this account's activity must describe one fixed range
// that holds the run: the documented request's date-time inputs are moved together (the range
// keeps its length and granularity) so that the latest ends at the second UTC midnight after now.
// Both reads send the same moved inputs, so a run crossing midnight only loses activity from the
// range, never sees the range itself move.
import type { Json } from '../types.js';

const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
const DAY = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The inputs with every date-time value shifted by one offset; unchanged when none is a date-time. */
export function rangeCoveringNow(query: Json, now: number): Json {
  const times = Object.values(query)
    .filter((v): v is string => typeof v === 'string' && DATE_TIME.test(v))
    .map((v) => Date.parse(v));
  if (!times.length || times.some(Number.isNaN)) return query;
  const end = Math.floor(now / DAY) * DAY + 2 * DAY;
  const shift = end - Math.max(...times);
  const moved = (v: unknown) => (typeof v === 'string' && DATE_TIME.test(v) ? iso(Date.parse(v) + shift) : v);
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, moved(v)]));
}
