import type { ResolvedOperation } from '../tools/example-pairs.js';
import type { Ctx, Node, Visitor } from './types.js';

// Nested visitors see parameters, request bodies and responses with their $refs resolved; this
// gathers them into one plain operation so rules can hand it to the shared pure functions.
export function collectOperation(onLeave: (op: ResolvedOperation, raw: Node, ctx: Ctx) => void): Visitor {
  let current: Required<ResolvedOperation>;
  const resolveExamples = (media: Node | undefined, ctx: Ctx) => {
    for (const [name, example] of Object.entries(media?.examples ?? {}) as [string, Node][]) {
      if (example?.$ref) media!.examples[name] = ctx.resolve(example).node;
    }
  };
  return {
    enter(op: Node) {
      current = { operationId: op.operationId, parameters: [], requestBody: undefined as unknown as Node, responses: {} };
    },
    Parameter: {
      enter(p: Node, ctx: Ctx) {
        const copy = { ...p, examples: p.examples ? { ...p.examples } : undefined };
        resolveExamples(copy, ctx);
        current.parameters.push(copy);
      },
    },
    RequestBody: {
      enter(body: Node, ctx: Ctx) {
        current.requestBody = body;
        for (const media of Object.values(body.content ?? {}) as Node[]) resolveExamples(media, ctx);
      },
    },
    Response: {
      enter(response: Node, ctx: Ctx) {
        current.responses[String(ctx.key)] = response;
        for (const media of Object.values(response.content ?? {}) as Node[]) resolveExamples(media, ctx);
      },
    },
    leave(op: Node, ctx: Ctx) {
      onLeave(current, op, ctx);
    },
  };
}
