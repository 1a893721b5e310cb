// One generated run as a fast-check property over real requests: the input is drawn from its
// arbitrary with the run's seed and sent; when its checks fail, fast-check shrinks it, each
// candidate costing one request from a budget the case shares, so a broken server cannot make the
// run long. Shrinking keeps to candidates that still fail one of the checks the first input failed.
import fc from 'fast-check';
import type { Exchange } from '../types.js';

export interface Attempt<T> {
  input: T;
  exchange: Exchange;
  /** Ids of the checks that failed on it. */
  failed: string[];
}

/** Requests left for shrinking; shared by the runs of one case. */
export interface ShrinkBudget {
  left: number;
}

export interface PropertyResult<A> {
  first: A;
  /** The smallest failing input found (the first one when it passed or could not be shrunk). */
  final: A;
  shrinkRequests: number;
  /** Shrinking stopped because the budget ran out. */
  exhausted: boolean;
}

/** FNV-1a: a stable 31-bit seed for each case from the run's seed and the case's id. */
export function caseSeed(runSeed: number, caseId: string): number {
  let h = 0x811c9dc5;
  for (const ch of caseId) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return ((h ^ runSeed) >>> 0) & 0x7fffffff;
}

/** Runs one input (and its shrinking); undefined when no request could be sent (interrupted). */
export async function runProperty<T, A extends Attempt<T>>(
  arb: fc.Arbitrary<T>,
  fcSeed: number,
  attempt: (input: T) => Promise<A | undefined>,
  budget: ShrinkBudget,
): Promise<PropertyResult<A> | undefined> {
  let first: A | undefined;
  let final: A | undefined;
  let calls = 0;
  let shrinkRequests = 0;
  let exhausted = false;
  const property = fc.asyncProperty(arb, async (input) => {
    if (calls++ > 0) {
      // A candidate the budget cannot pay for counts as passing: shrinking ends where it is.
      if (budget.left <= 0) {
        exhausted = true;
        return true;
      }
      budget.left--;
      shrinkRequests++;
    }
    const a = await attempt(input);
    if (!a) return true;
    if (!first) {
      first = a;
      final = a;
      return a.failed.length === 0;
    }
    const stillFails = a.failed.some((id) => first!.failed.includes(id));
    if (stillFails) final = a;
    return !stillFails;
  });
  await fc.check(property, { seed: fcSeed, numRuns: 1 });
  return first && final ? { first, final, shrinkRequests, exhausted } : undefined;
}
