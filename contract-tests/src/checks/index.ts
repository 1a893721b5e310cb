// Every check of the runner, registered by id: the response checks (checks/response.ts), then the
// verdicts each probe definition owns, in the probes' registry order. Nothing else lists them.
import { PROBES } from '../probes/index.js';
import type { Check, CheckContext, CheckOutcome, CheckResult, Exchange, Failure } from '../types.js';
import { RESPONSE_CHECK_LIST } from './response.js';

const registry = new Map<string, Check>(RESPONSE_CHECK_LIST.map((c) => [c.id, c]));
for (const probe of PROBES)
  for (const v of probe.definition.verdicts) {
    const known = registry.get(v.id);
    if (known && known !== v) throw new Error(`two checks are registered as ${v.id}`);
    registry.set(v.id, v);
  }

/** Every check id, in report order. */
export const checkIds = (): string[] => [...registry.keys()];
export const checkById = (id: string): Check | undefined => registry.get(id);

export { MOCK_CHECKS, PROBE_RESPONSE_CHECKS, RESPONSE_CHECKS } from './response.js';

/** Runs checks on one exchange. Without a response, only response-received runs; the rest skip. */
export function runChecks(ids: readonly string[], ctx: CheckContext, ex: Exchange): CheckResult[] {
  const out: CheckResult[] = [];
  for (const id of ids) {
    const r = runOne(id, ctx, ex);
    if (r) out.push(r);
  }
  return out;
}

/** One check's result; undefined when it does not apply to this exchange at all. */
function runOne(id: string, ctx: CheckContext, ex: Exchange): CheckResult | undefined {
  const check = checkById(id);
  if (!check) throw new Error(`unknown check ${id}`);
  let outcome: CheckOutcome;
  try {
    outcome = check.run(ctx, ex);
  } catch (err) {
    outcome = [{ message: `the check itself failed: ${(err as Error).message}` }];
  }
  if (!Array.isArray(outcome)) return outcome.na ? undefined : { check: id, status: 'skipped', message: outcome.skip };
  if (outcome.length === 0) return { check: id, status: 'passed' };
  const failures: Failure[] = outcome.map((f) => ({ severity: 'error', ...f, check: id, title: check.title }));
  return { check: id, status: 'failed', message: failures[0].message, failures };
}
