// The context every check gets for one observation of a case: the operation, what was expected
// and sent, the run's id map and secrets, the probe's evidence. One builder, so a verdict reached
// while generating or shrinking inputs is the verdict the report shows.

import { inputsOf, scopeOf } from './probes/support.js';
import type { Observation } from './probes/types.js';
import type { RunEnv } from './run-env.js';
import type { CheckContext, PlannedCase } from './types.js';

export function checkContext(env: RunEnv, c: PlannedCase, obs: Pick<Observation, 'expected' | 'sent' | 'evidence'>): CheckContext {
  const so = env.op(c.operationId);
  const scope = scopeOf(so, env.model);
  return {
    profile: env.settings.profile,
    operation: { operationId: c.operationId, method: c.method, path: c.path, op: so.op, scopes: scope ? [scope] : [] },
    expected: obs.expected ?? c.expected,
    validator: env.validator,
    spec: env.spec,
    sent: obs.sent ?? inputsOf(env, c),
    ids: env.ids,
    produces: c.produces,
    secrets: new Set(env.secrets.keys()),
    ...(obs.evidence ? { evidence: obs.evidence } : {}),
  };
}
