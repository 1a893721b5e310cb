// The comparison rules of the stateful checks, pure: what a read may differ in from the create
// answer, what it must show after an update or an ending, and what a walk over pages must visit.
import { sameValue } from '../../../openapi/tools/example-replay.js';
import { escapePointer, isObject } from '../checks/support.js';
import type { Json } from '../types.js';
import type { EndedField, ReadBackRules, WalkEvidence } from './model.js';

export interface Difference {
  pointer: string;
  message: string;
  documented?: unknown;
  received?: unknown;
}

const ISO = /^\d{4}-\d\d-\d\dT/;
const show = (v: unknown) => JSON.stringify(v) ?? 'nothing';

/** A date-time may move forward, or go from null to a value; never back, never back to null. */
export function dateTimeMoved(created: unknown, read: unknown): string | undefined {
  if (created === null || created === undefined)
    return read === null || read === undefined || (typeof read === 'string' && ISO.test(read)) ? undefined : 'is not a date-time';
  if (typeof created !== 'string' || typeof read !== 'string') return 'went from a date-time to none';
  const [a, b] = [Date.parse(created), Date.parse(read)];
  if (Number.isNaN(b)) return 'is not a date-time';
  return b < a ? 'moved back in time' : undefined;
}

/** Where a read differs from the create answer beyond what the rules allow. */
export function readBackDifferences(created: Json, read: Json, rules: ReadBackRules): Difference[] {
  const out: Difference[] = [];
  for (const [field, value] of Object.entries(created)) {
    if (rules.shownOnce.includes(field) || rules.documentedChanges.includes(field)) continue;
    const pointer = `/${escapePointer(field)}`;
    if (!(field in read)) {
      out.push({ pointer, message: `${pointer}: the create answered ${show(value)}, the read leaves it out`, documented: value });
      continue;
    }
    if (rules.dateTimes.includes(field)) {
      const why = dateTimeMoved(value, read[field]);
      if (why)
        out.push({
          pointer,
          message: `${pointer} ${why}: created ${show(value)}, read ${show(read[field])}`,
          documented: value,
          received: read[field],
        });
    } else if (!sameValue(value, read[field])) {
      out.push({
        pointer,
        message: `${pointer}: the create answered ${show(value)}, the read shows ${show(read[field])}`,
        documented: value,
        received: read[field],
      });
    }
  }
  return out;
}

/** Where a read does not show what an update sent: objects as subsets (the API may merge), the rest equal. */
export function updateDifferences(sent: unknown, read: unknown, pointer = ''): Difference[] {
  if (isObject(sent) && isObject(read)) {
    return Object.entries(sent).flatMap(([k, v]) => {
      const p = `${pointer}/${escapePointer(k)}`;
      // A null in a merged object removes the key (JSON merge patch): absent or null both show it.
      if (v === null && (!(k in read) || read[k] === null)) return [];
      if (!(k in read)) return [{ pointer: p, message: `${p}: the update sent ${show(v)}, the read leaves it out`, documented: v }];
      return updateDifferences(v, read[k], p);
    });
  }
  if (sameValue(sent, read)) return [];
  return [
    {
      pointer: pointer || '/',
      message: `${pointer || '/'}: the update sent ${show(sent)}, the read shows ${show(read)}`,
      documented: sent,
      received: read,
    },
  ];
}

/** Where an item does not show the ended state the ending documents. */
export function endedStateDifferences(item: Json, state: EndedField[]): Difference[] {
  const out: Difference[] = [];
  for (const f of state) {
    const pointer = `/${escapePointer(f.field)}`;
    const value = item[f.field];
    if ('equals' in f && !sameValue(f.equals, value))
      out.push({
        pointer,
        message: `${pointer}: ended, it should read ${show(f.equals)}, it reads ${show(value)}`,
        documented: f.equals,
        received: value,
      });
    else if (f.nonNull && (value === null || value === undefined))
      out.push({ pointer, message: `${pointer}: ended, it should have a value, it reads ${show(value)}`, received: value });
  }
  return out;
}

const some = (ids: string[]) => `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ' …' : ''}`;

/** Where walking next_cursor differs from one big page: repeats, misses, order, an unending walk. */
export function walkDifferences(w: WalkEvidence): Difference[] {
  const out: Difference[] = [];
  const walked = w.pages.flat();
  const unique = [...new Set(walked)];
  const repeated = unique.filter((id) => walked.indexOf(id) !== walked.lastIndexOf(id));
  if (repeated.length) out.push({ pointer: '/data', message: `the walk visits ${some(repeated)} more than once`, received: repeated });
  const pages = `${w.pages.length} pages of ${w.limit} for ${w.expected.length} items`;
  const stopped: Record<WalkEvidence['stoppedBy'], Difference | undefined> = {
    end: undefined,
    enough: undefined,
    cap: { pointer: '/has_more', message: `has_more still true after ${pages} (bound ${w.cap} pages)`, received: true },
    error: { pointer: '/', message: `page ${w.pages.length + 1} of the walk answered ${w.error ?? 'no page'}` },
    'no-cursor': { pointer: '/next_cursor', message: 'has_more is true but next_cursor is missing', received: null },
  };
  if (stopped[w.stoppedBy]) out.push(stopped[w.stoppedBy]!);
  // A big page that did not hold the whole list is compared with as many walked items as it holds.
  const compared = w.expectedComplete ? unique : unique.slice(0, w.expected.length);
  const missed = w.stoppedBy === 'cap' || w.stoppedBy === 'error' ? [] : w.expected.filter((id) => !unique.includes(id));
  const extra = w.expectedComplete ? compared.filter((id) => !w.expected.includes(id)) : [];
  const onePage = `one page of ${w.expected.length}`;
  if (missed.length) out.push({ pointer: '/data', message: `the walk skips ${some(missed)}, listed on ${onePage}`, documented: missed });
  if (extra.length) out.push({ pointer: '/data', message: `the walk shows ${some(extra)}, absent from ${onePage}`, received: extra });
  if (!missed.length && !extra.length && !sameValue(compared, w.expected.slice(0, compared.length))) {
    const message = 'the walk visits the items in another order than one big page (the order is not stable)';
    out.push({ pointer: '/data', message, documented: w.expected, received: compared });
  }
  return out;
}
