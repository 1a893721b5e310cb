// ARCHITECTURE.md §2: the operations that answer a secret (create a key, rotate one) never give a
// narrow key a broader one: asked for scopes it lacks, or to rotate a broader key, it is refused.
import { resolveRef } from '../../../openapi/tools/spec.js';
import { noPrivilegeEscalation } from '../checks/security-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import type { Json } from '../types.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { keyWithScopes } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, scopeOf, single } from './support.js';

const definition = {
  id: 'privilege-escalation',
  title: 'No key broader than its creator',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [noPrivilegeEscalation],
  keys: ['narrow-scopes'],
  counts: { workerRequests: 0, perSourceIp: true },
} as const;

export const privilegeEscalation = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => {
      const answersSecret = Object.entries<Json>(f.so.op.responses ?? {}).some(
        ([s, r]) =>
          /^2/.test(s) && Object.values<Json>(r.content ?? {}).some((m) => m.schema && resolveRef(ctx.spec, m.schema)?.properties?.secret),
      );
      const refused = f.probeExample.get('insufficient-scope');
      if (!answersSecret || !refused) return [];
      const variant = f.so.path.includes('{') ? 'rotate' : 'create';
      const pair = variant === 'create' ? f.success : f.contract.pairs.find((p) => /^2/.test(p.response.status));
      return pair ? documentedCase(definition, ctx, f, refused, { variant, pair }) : [];
    }),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const own = scopeOf(so, env.model);
    if (!own) return { skip: `${c.operationId} requires no scope` };
    const extra = env.keys.adminScopes.filter((s) => s !== own);
    if (extra.length < 2) return { skip: 'the admin key has too few scopes to build a broader key' };
    const narrow = await keyOrSkip(keyWithScopes(env, [own, extra[0]], '$NARROW_KEY'));
    if (isSkip(narrow)) return narrow;
    const inputs = inputsOf(env, c);
    if (c.variant === 'rotate') {
      const target = await keyOrSkip(keyWithScopes(env, env.keys.adminScopes, '$BROAD_KEY'));
      if (isSkip(target) || !target.id) return isSkip(target) ? target : { skip: 'the broad key has no id' };
      const param = /\{([^}]+)\}/.exec(so.path)?.[1] ?? 'id';
      const path = { ...inputs.path, [param]: target.id };
      const missing = target.scopes.filter((s) => !narrow.scopes.includes(s));
      return single(
        await env.exchange(so, { ...inputs, path }, presentedBy(narrow)),
        { ...inputs, path },
        { kind: 'missing-scopes', scopes: missing },
      );
    }
    const body = { ...(inputs.body as object), scopes: [own, extra[0], extra[1]] };
    return single(
      await env.exchange(so, { ...inputs, body }, presentedBy(narrow)),
      { ...inputs, body },
      { kind: 'missing-scopes', scopes: [extra[1]] },
    );
  },
});
