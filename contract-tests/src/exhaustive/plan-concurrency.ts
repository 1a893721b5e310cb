// The exact concurrency limit's cases: the collection read before the run (discover), the burst
// last of all (the account's room is shared by the whole run, like a per-source-IP budget).
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/index.js';
import type { ExampleCase } from '../plan/examples.js';
import { PHASE } from '../plan/phases.js';
import type { PlannedCase } from '../types.js';
import { exhaustiveCase } from './case.js';
import { concurrencyTargets, successPair } from './targets.js';

export function concurrencyCases(spec: Spec, ops: SpecOperation[], known: ReadonlySet<string>, examples: ExampleCase[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const t of concurrencyTargets(spec, ops)) {
    const listed = t.list && successPair(t.list);
    const baseline =
      t.list && listed
        ? exhaustiveCase(
            {
              so: t.list,
              probe: 'concurrency-baseline',
              variant: t.so.operationId,
              expected: listed.response,
              request: { ...listed.request, query: {} },
              checks: PROBE_RESPONSE_CHECKS,
              phase: PHASE.discover,
              why: `what ${t.so.operationId} created before the run`,
              params: { target: t.so.operationId },
            },
            known,
            examples,
          )
        : undefined;
    if (baseline) out.push(baseline);
    out.push(
      exhaustiveCase(
        {
          so: t.so,
          probe: 'concurrency-burst',
          expected: t.refused,
          request: t.pair.request,
          checks: [...PROBE_RESPONSE_CHECKS, 'concurrency-limit-exact'],
          phase: PHASE.last,
          why: `${t.limit + 2} "${t.pair.name}" creates at once on a quiet account (${t.name}: ${t.limit})`,
          params: {
            limit: t.limit,
            limitName: t.name,
            createdStatus: t.pair.response.status,
            ...(t.list ? { list: t.list.operationId } : {}),
          },
          after: baseline ? [baseline.id] : [],
        },
        known,
        examples,
      ),
    );
  }
  return out;
}
