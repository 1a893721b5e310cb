// Tenant isolation's cases: each list read by both accounts before the destroy phase; each
// aggregate read by the other account before this account acts (discover) and again after
// (conflict). All skip with the reason without --other-key.
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/index.js';
import type { ExampleCase } from '../plan/examples.js';
import { PHASE } from '../plan/phases.js';
import type { PlannedCase } from '../types.js';
import { exhaustiveCase } from './case.js';
import { NEEDS_OTHER_KEY } from './other-account.js';
import { collectionReads, successPair } from './targets.js';

export function isolationCases(spec: Spec, ops: SpecOperation[], known: ReadonlySet<string>, examples: ExampleCase[], otherKey: boolean) {
  const skip = otherKey ? {} : { skip: NEEDS_OTHER_KEY };
  const { lists, aggregates } = collectionReads(spec, ops);
  const out: PlannedCase[] = [];
  for (const so of lists) {
    const pair = successPair(so);
    if (!pair) continue;
    out.push(
      exhaustiveCase(
        {
          so,
          probe: 'list-isolation',
          expected: pair.response,
          // Unfiltered, whole: the probe sends its own query (every page, the largest page size).
          request: { ...pair.request, query: {} },
          checks: [...PROBE_RESPONSE_CHECKS, 'list-isolation'],
          phase: PHASE.conflict,
          why: "every page, with both accounts' keys, after this account's creates",
          ...skip,
        },
        known,
        examples,
      ),
    );
  }
  for (const so of aggregates) {
    const pair = successPair(so);
    if (!pair) continue;
    const read = { so, probe: 'aggregate-isolation', expected: pair.response, request: pair.request, ...skip };
    const before = exhaustiveCase(
      {
        ...read,
        variant: 'before',
        checks: PROBE_RESPONSE_CHECKS,
        phase: PHASE.discover,
        why: "the other account's answer before this account acts",
      },
      known,
      examples,
    );
    const after = exhaustiveCase(
      {
        ...read,
        variant: 'after',
        checks: [...PROBE_RESPONSE_CHECKS, 'aggregate-isolation'],
        phase: PHASE.conflict,
        why: "the same read after this account's activity, before the destroy phase",
        after: [before.id],
      },
      known,
      examples,
    );
    out.push(before, after);
  }
  return out;
}
