import type {
  Oas3Example,
  Oas3MediaType,
  Oas3Operation,
  Oas3Parameter,
  Oas3RequestBody,
  Oas3Response,
  Oas3Visitor,
  OasRef,
  UserContext,
} from '@redocly/openapi-core';
import type { ResolvedOperation } from '../tools/example-pairs.js';

// Nested visitors see parameters, request bodies and responses with their $refs resolved; this
// gathers them into one plain operation (examples resolved too, on copies) so rules can hand it to
// the shared pure functions of tools/.
export type OperationVisitor = NonNullable<Oas3Visitor['Operation']>;
type Content = Record<string, Oas3MediaType>;
type Examples = Record<string, OasRef | Oas3Example>;

function resolveExamples(examples: Examples | undefined, ctx: UserContext): Examples | undefined {
  if (!examples) return undefined;
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, ctx.resolve(example).node ?? example]));
}

function resolveContent(content: Content | undefined, ctx: UserContext): Content | undefined {
  if (!content) return undefined;
  const resolved = Object.entries(content).map(([type, media]) => [type, { ...media, examples: resolveExamples(media?.examples, ctx) }]);
  return Object.fromEntries(resolved);
}

export function collectOperation(onLeave: (op: ResolvedOperation, raw: Oas3Operation, ctx: UserContext) => void): OperationVisitor {
  let current: ResolvedOperation & Required<Pick<ResolvedOperation, 'parameters' | 'responses'>>;
  return {
    enter(op: Oas3Operation) {
      current = { operationId: op.operationId, parameters: [], responses: {} };
    },
    Parameter: {
      enter(p: Oas3Parameter, ctx: UserContext) {
        current.parameters.push({ ...p, examples: resolveExamples(p.examples, ctx) });
      },
    },
    RequestBody: {
      enter(body: Oas3RequestBody, ctx: UserContext) {
        current.requestBody = { ...body, content: resolveContent(body.content, ctx) };
      },
    },
    Response: {
      enter(response: Oas3Response, ctx: UserContext) {
        current.responses[String(ctx.key)] = { ...response, content: resolveContent(response.content, ctx) };
      },
    },
    leave(op: Oas3Operation, ctx: UserContext) {
      onLeave(current, op, ctx);
    },
  };
}
