// The scope matrix (ARCHITECTURE.md §2, every operation, not a sample): the operation's safe request with
// a key holding every scope but the one it needs (refused), and with a key holding only that one
// (let through to the documented answer).
import { presentedBy } from '../keys.js';
import { inputsOf, isSkip, keyOrSkip, scopeOf, single } from '../probes/support.js';
import type { Probe } from '../probes/types.js';
import { type MatrixVariant, matrixKey } from './matrix-keys.js';
import type { MatrixEvidence } from './scope-matrix-checks.js';

export const scopeMatrix: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const scope = scopeOf(so, env.model);
  if (!scope) return { skip: `${c.operationId} requires no scope` };
  const variant = c.variant as MatrixVariant;
  const key = await keyOrSkip(matrixKey(env, scope, variant));
  if (isSkip(key)) return key;
  const inputs = inputsOf(env, c);
  const evidence: MatrixEvidence = { scope, variant, held: key.scopes };
  return single(await env.exchange(so, inputs, presentedBy(key)), inputs, { ...evidence });
};
