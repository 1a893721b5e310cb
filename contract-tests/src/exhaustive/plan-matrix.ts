// The scope matrix's cases: two per operation (a key without its scope, a key with only it).
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/index.js';
import type { ExampleCase } from '../plan/examples.js';
import { PHASE } from '../plan/phases.js';
import type { PlannedCase } from '../types.js';
import { exhaustiveCase } from './case.js';
import { scopeMatrixTargets } from './targets.js';

export function scopeMatrixCases(spec: Spec, ops: SpecOperation[], known: ReadonlySet<string>, examples: ExampleCase[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const t of scopeMatrixTargets(spec, ops, known)) {
    const common = { so: t.so, probe: 'scope-matrix', request: t.pair.request, phase: PHASE.main };
    const skip = t.skip ? { skip: t.skip } : {};
    out.push(
      exhaustiveCase(
        {
          ...common,
          variant: 'without',
          expected: t.refused ?? t.pair.response,
          checks: [...PROBE_RESPONSE_CHECKS, 'scope-matrix-refused'],
          why: `the "${t.pair.name}" request with a key holding every scope but ${t.scope}`,
          ...(t.refused ? skip : { skip: t.skip ?? `${t.so.operationId} documents no insufficient-scope refusal` }),
        },
        known,
        examples,
      ),
      exhaustiveCase(
        {
          ...common,
          variant: 'only',
          expected: t.pair.response,
          checks: [...PROBE_RESPONSE_CHECKS, 'scope-matrix-allowed'],
          why: `the "${t.pair.name}" request with a key holding ${t.scope} alone`,
          ...skip,
        },
        known,
        examples,
      ),
    );
  }
  return out;
}
