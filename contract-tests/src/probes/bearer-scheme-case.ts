// ARCHITECTURE.md §2: the Authorization scheme name is case-insensitive (RFC 9110 §11.1), as the
// spec's bearerAuth says: `bearer <key>` and `BEARER <key>` are the same credential as
// `Bearer <key>`, answered the same. Shown once per tag: one mechanism, read once per request.

import { defineCheck, evidenceOf, hasResponse, res, when } from '../checks/define.js';
import { describeReceived, problemCode } from '../checks/support.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import type { Exchange } from '../types.js';
import { defineProbe } from './define.js';
import { documentedCase, operationFacts } from './facts.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';
import type { Observation } from './types.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** The same request with the scheme written `Bearer`. */
    'canonical-bearer': { canonical: Exchange; scheme: string };
  }
}

export const bearerSchemeCaseInsensitive = defineCheck(
  'bearer-scheme-case-insensitive',
  'Authorization scheme is case-insensitive',
  when(hasResponse, (ctx, ex) => {
    const ev = evidenceOf(ctx, 'canonical-bearer');
    const a = ev?.canonical.response;
    if (!ev || !a) return { skip: 'the `Bearer` request got no response' };
    const b = res(ex);
    if (a.status === b.status && problemCode(a.json) === problemCode(b.json)) return [];
    return [
      {
        message: `\`Bearer <key>\` got ${describeReceived(a.status, a.json)}, \`${ev.scheme} <key>\` got ${describeReceived(b.status, b.json)}`,
        documented: a.status,
        received: b.status,
      },
    ];
  }),
);

/** Spellings a client may use; a server must read them all as Bearer. */
const SPELLINGS = ['bearer', 'BEARER'];

const definition = {
  id: 'bearer-scheme-case',
  title: 'Scheme name in any case',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [bearerSchemeCaseInsensitive],
  keys: ['worker'],
  counts: { workerRequests: 1 + SPELLINGS.length, perSourceIp: true },
} as const;

export const bearerSchemeCase = defineProbe({
  ...definition,
  plan: (ctx) =>
    ctx
      .derive(operationFacts)
      .filter((f) => f.firstOfTag)
      .flatMap((f) => documentedCase(definition, ctx, f, f.safe.response)),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const key = presentedBy(await worker(env, so));
    const canonical = await env.exchange(so, inputs, key);
    const out: Observation[] = [{ label: 'Bearer', exchange: canonical, sent: inputs, checks: RESPONSE_ONLY }];
    for (const scheme of SPELLINGS) {
      const exchange = await env.exchange(so, inputs, { ...key, scheme });
      out.push({ label: scheme, exchange, sent: inputs, evidence: { kind: 'canonical-bearer', canonical, scheme } });
    }
    return out;
  },
});
