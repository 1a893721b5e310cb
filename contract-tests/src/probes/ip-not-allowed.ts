// ARCHITECTURE.md §2: a key restricted to allowed_ips is refused (403) from any other address, and a
// spoofed X-Forwarded-For naming an allowed one does not get it through.
import { forwardedForIgnored, ipAllowlistEnforced } from '../checks/security-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { FOREIGN_ADDRESS } from '../run-env.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { ipRestrictedKey } from './probe-keys.js';
import { inputsOf, isSkip, keyOrSkip, single } from './support.js';

const definition = {
  id: 'ip-not-allowed',
  title: 'Key used outside its allowed_ips',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [ipAllowlistEnforced, forwardedForIgnored],
  keys: ['ip-restricted'],
  counts: { workerRequests: 0, perSourceIp: true },
} as const;

export const ipNotAllowed = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx.derive(operationFacts).flatMap((f) => {
      const refused = f.probeExample.get('ip-not-allowed');
      return [
        ...(f.firstOfTag
          ? documentedCase(definition, ctx, f, refused, { variant: 'forwarded-for', verdicts: [forwardedForIgnored.id] })
          : []),
        ...documentedCase(definition, ctx, f, refused, { verdicts: [ipAllowlistEnforced.id] }),
      ];
    }),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = await keyOrSkip(ipRestrictedKey(env));
    if (isSkip(key)) return key;
    const headers =
      c.variant === 'forwarded-for'
        ? { 'x-forwarded-for': FOREIGN_ADDRESS, 'x-real-ip': FOREIGN_ADDRESS, forwarded: `for=${FOREIGN_ADDRESS}` }
        : {};
    return single(await env.exchange(so, inputs, presentedBy(key), { headers }), inputs);
  },
});
