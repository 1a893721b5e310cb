// Tenant isolation as data: what another account's list may not contain, and how an aggregate
// another account reads may not move. Pure, shared by the probes (evidence) and the checks.
import { escapePointer } from '../checks/support.js';
import type { Json } from '../types.js';

/** Evidence of the list-isolation probe. */
export interface ListIsolationEvidence {
  /** Ids of this account's items in the same list (read with this account's key). */
  own: string[];
  /** Ids the run created or discovered (env.ids' values). */
  known: string[];
  /** Ids of the items the other account's key was shown, every page. */
  other: string[];
  pages: number;
  /** True when paging stopped before the last page. */
  truncated: boolean;
}

/** Evidence of the aggregate-isolation probe: the other account's answer before and after. */
export interface AggregateEvidence {
  before?: unknown;
  after: unknown;
  /** Why no earlier answer exists to compare with. */
  missing?: string;
}

/** Items of the other account's list that belong to this account. */
export function leakedIds(other: readonly string[], ours: Iterable<string>): string[] {
  const mine = new Set(ours);
  return [...new Set(other.filter((id) => mine.has(id)))];
}

export interface Difference {
  pointer: string;
  before: unknown;
  after: unknown;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf (or shape) where two JSON values differ, by JSON pointer. */
export function differences(before: unknown, after: unknown, pointer = ''): Difference[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) return [{ pointer: `${pointer}/length`, before: before.length, after: after.length }];
    return before.flatMap((v, i) => differences(v, after[i], `${pointer}/${i}`));
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => {
      const at = `${pointer}/${escapePointer(k)}`;
      return k in before && k in after ? differences(before[k], after[k], at) : [{ pointer: at, before: before[k], after: after[k] }];
    });
  }
  return before === after ? [] : [{ pointer: pointer || '/', before, after }];
}
