// ARCHITECTURE.md §2: a malformed, unknown, revoked or expired key is refused with 401 before any
// limit counts it (cheap, so the revoked key is tried on every operation; the expiring key once
// per tag, late, so its wait overlaps the rest of the run).
import { expiredKeyRefused, invalidKeyRefused, revokedKeyRefused } from '../checks/security-verdicts.js';
import type { Presented } from '../client.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { expiredKey, revokedKey } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, MALFORMED_KEY, single, unknownKeyLike } from './support.js';

const definition = {
  id: 'invalid-key',
  title: 'Malformed, unknown, revoked and expired keys',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [invalidKeyRefused, revokedKeyRefused, expiredKeyRefused],
  keys: ['malformed', 'unknown', 'revoked', 'expired'],
  counts: { workerRequests: 0, perSourceIp: false },
} as const;

export const invalidKey = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => {
      const refused = f.probeExample.get('invalid-key');
      return [
        ...documentedCase(definition, ctx, f, refused, {
          variant: f.index % 2 ? 'unknown' : 'malformed',
          verdicts: [invalidKeyRefused.id],
        }),
        ...documentedCase(definition, ctx, f, refused, { variant: 'revoked', verdicts: [revokedKeyRefused.id] }),
        ...(f.firstOfTag
          ? documentedCase(definition, ctx, f, refused, { variant: 'expired', verdicts: [expiredKeyRefused.id], phase: PHASE.exclusive })
          : []),
      ];
    }),
  // The expiring key needs a few seconds to expire: its clock starts before the phases.
  warmUp: (env, cases) => {
    if (cases.some((c) => c.variant === 'expired' && !c.skip)) void expiredKey(env).catch(() => undefined);
  },
  run: async (env, c) => {
    const inputs = inputsOf(env, c);
    let presented: Presented;
    if (c.variant === 'malformed')
      presented = { credential: { kind: 'malformed', via: 'bearer', label: MALFORMED_KEY }, secret: MALFORMED_KEY };
    else if (c.variant === 'unknown') {
      const secret = unknownKeyLike(env.settings.key);
      presented = { credential: { kind: 'unknown', via: 'bearer', label: secret }, secret };
    } else {
      const key = await keyOrSkip(c.variant === 'revoked' ? revokedKey(env) : expiredKey(env));
      if (isSkip(key)) return key;
      presented = presentedBy(key, 'bearer', c.variant === 'revoked' ? 'revoked' : 'expired');
    }
    return single(await env.exchange(env.op(c.operationId), inputs, presented), inputs);
  },
});
