// How an exhaustive case is written: a probe case like plan/probes.ts's, waiting for whatever
// creates or lists the ids its request uses.
import type { ExampleRequest, ResponseExample } from '../../../openapi/tools/example-pairs.js';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import type { ExampleCase } from '../plan/examples.js';
import { idsIn } from '../plan/ids.js';
import type { Json, PlannedCase } from '../types.js';

export interface CaseSpec {
  so: SpecOperation;
  probe: string;
  variant?: string;
  /** The documented answer the case expects. */
  expected: ResponseExample;
  request: ExampleRequest;
  checks: string[];
  phase: number;
  why: string;
  params?: Json;
  skip?: string;
  after?: string[];
}

export function exhaustiveCase(s: CaseSpec, known: ReadonlySet<string>, examples: ExampleCase[]): PlannedCase {
  const uses = [...idsIn([s.request.path, s.request.query, s.request.header, s.request.body], known)];
  const producerOf = (id: string) => examples.find((c) => c.produces.includes(id) || c.discovers.includes(id))?.id;
  const producers = uses.flatMap((id) => producerOf(id) ?? []);
  const { status, name, mediaType, value } = s.expected;
  return {
    id: `${s.so.operationId} probe:${s.probe}${s.variant ? `:${s.variant}` : ''}`,
    kind: 'probe',
    operationId: s.so.operationId,
    method: s.so.method,
    path: s.so.path,
    example: name,
    expected: { status, example: name, mediaType, value, probe: s.probe },
    request: s.request,
    phase: s.phase,
    after: [...new Set([...producers, ...(s.after ?? [])])],
    uses,
    produces: [],
    checks: s.checks,
    probe: s.probe,
    ...(s.variant ? { variant: s.variant } : {}),
    params: s.params ?? {},
    ...(s.skip ? { skip: s.skip } : {}),
    why: s.why,
  };
}
