// What the core probes plan from, per operation, derived once per plan: its contract, documented
// pairs and probe examples, the safe request to send, the success pair to repeat, and whether a
// per-source-IP budget stands in the way.
import type { OperationContract, RateLimitPolicy } from '../../../openapi/tools/contract-model.js';
import type { ExamplePair, ResponseExample } from '../../../openapi/tools/example-pairs.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { describePolicy, perSourceIp } from '../contract.js';
import { idsIn } from '../plan/ids.js';
import { safeRequest } from '../plan/safe-request.js';
import type { CaseSpec, PlanContext, ProbeCounts, ProbeDefinition } from './define.js';
import { probeCase } from './define.js';

export interface OperationFacts {
  so: SpecOperation;
  /** Position among the spec's operations (alternates variants between neighbours). */
  index: number;
  contract: OperationContract;
  /** The first documented example of each probe id. */
  probeExample: ReadonlyMap<string, ResponseExample>;
  /** The request a probe about who may send it sends (plan/safe-request.ts). */
  safe: ExamplePair;
  /** A documented success with a body to repeat (creates, idempotency, the active-call limit). */
  success?: ExamplePair;
  jsonBody: boolean;
  /** The first operation of its tag: probes that prove the same thing everywhere run here only. */
  firstOfTag: boolean;
  perSourceIp?: RateLimitPolicy;
}

/** Every operation with a safe request, in the spec's order. */
export function operationFacts(ctx: PlanContext): OperationFacts[] {
  const tags = new Set<string>();
  const out: OperationFacts[] = [];
  ctx.ops.forEach((so, index) => {
    const contract = ctx.model.operation(so.operationId);
    const tag = contract.tag || so.path;
    const firstOfTag = !tags.has(tag);
    tags.add(tag);
    const safe = safeRequest(so.method, contract.pairs, ctx.known);
    if (!safe) return;
    const probeExample = new Map<string, ResponseExample>();
    for (const e of contract.probes) if (e.probe && !probeExample.has(e.probe)) probeExample.set(e.probe, e);
    const { pairs } = contract;
    const success =
      pairs.find((p) => /^2/.test(p.response.status) && p.request.body !== undefined && !/^busy|fail/.test(p.name)) ??
      pairs.find((p) => /^2/.test(p.response.status));
    out.push({
      so,
      index,
      contract,
      probeExample,
      safe: safe.pair,
      ...(success ? { success } : {}),
      jsonBody: Object.keys(so.op.requestBody?.content ?? {}).some((t) => /json/.test(t)),
      firstOfTag,
      ...(perSourceIp(contract) ? { perSourceIp: perSourceIp(contract) } : {}),
    });
  });
  return out;
}

/**
 * A budget per source address is shared by the whole run: the documented examples use it up, so
 * such an operation only gets the probes its limit never counts (refused before a key is known).
 */
export function sourceIpSkip(f: OperationFacts, counts: ProbeCounts): string | undefined {
  return f.perSourceIp && counts.perSourceIp
    ? `sampled out: ${f.so.operationId} is limited per source IP (${describePolicy(f.perSourceIp)}), a budget its examples use up; the probe is shown on every other operation`
    : undefined;
}

/** Whether a request names only ids nothing in the run has to create first. */
export const selfContained = (ctx: PlanContext, p: ExamplePair): boolean => idsIn([p.request.path, p.request.body], ctx.known).size === 0;

type Definition<P> = Pick<ProbeDefinition<P>, 'id' | 'kind' | 'caseIdPrefix' | 'phase' | 'verdicts' | 'keys' | 'counts'>;

/**
 * The common shape: on every operation that documents `expected`, the probe sends `request` (the
 * safe one unless said) and expects that example; sampled out where a per-source-IP budget counts it.
 */
export function documentedCase<P>(
  def: Definition<P>,
  ctx: PlanContext,
  f: OperationFacts,
  expected: ResponseExample | undefined,
  s: Omit<CaseSpec<P>, 'so' | 'expected' | 'request' | 'why'> & { pair?: ExamplePair } = {},
) {
  if (!expected) return [];
  const { pair = f.safe, ...rest } = s;
  const skip = rest.skip ?? sourceIpSkip(f, def.counts);
  return [
    probeCase(
      def,
      {
        ...rest,
        so: f.so,
        expected,
        request: pair.request,
        ...(skip ? { skip } : {}),
        why: `probe ${def.id}${s.variant ? ` (${s.variant})` : ''} with the "${pair.name}" request`,
      },
      ctx,
    ),
  ];
}
