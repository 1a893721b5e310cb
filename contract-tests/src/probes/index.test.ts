// The probe registry against the bundled spec: ids are unique, every probe plans at least one case
// (no dead definition), and a case runs only the response checks and the verdicts its own probe
// lists (a verdict it does not list would be judged without its evidence). Sibling probes may list
// the same verdict object (both generated probes judge not-a-server-error).
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../../openapi/tools/spec.js';
import { RESPONSE_CHECKS } from '../checks/response.js';
import { buildPlan } from '../plan/index.js';
import { PROBES, probeById } from './index.js';

const plan = buildPlan(loadSpec(), { profile: 'full', otherKey: true, generate: 4 });

describe('the probe registry', () => {
  it('has unique ids, each found by probeById', () => {
    const ids = PROBES.map((p) => p.definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(probeById(id)?.definition.id).toBe(id);
  });

  it.each(PROBES.map((p) => p.definition.id))('%s plans at least one case of the bundled spec', (id) => {
    expect(plan.cases.filter((c) => c.probe === id).length).toBeGreaterThan(0);
  });

  it('every case runs only response checks and its own probe’s verdicts', () => {
    const foreign: string[] = [];
    for (const c of plan.cases) {
      if (c.kind === 'example') continue;
      const own = new Set([...RESPONSE_CHECKS, ...(probeById(c.probe)?.definition.verdicts.map((v) => v.id) ?? [])]);
      for (const check of c.checks) if (!own.has(check)) foreign.push(`${c.id}: ${check}`);
    }
    expect(foreign).toEqual([]);
  });
});
