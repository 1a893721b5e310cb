// Response validation (ARCHITECTURE.md §7): in development and test, what a handler answers must be a
// status the operation documents with a body that matches its schema; otherwise the client gets a
// 500 and the log says exactly what broke. Off with NODE_ENV=production.
import type { CompiledOperation } from './compile.js';

/** Null when the response conforms; otherwise a one-line description of the breach. */
export function responseBreach(op: CompiledOperation, status: number, body: unknown): string | null {
  if (!op.responses.has(status)) {
    return `${op.operationId} answered ${status}, a status the spec does not document for it (documented: ${[...op.responses.keys()].join(', ')})`;
  }
  const validate = op.responses.get(status);
  if (!validate) return null;
  const errors = validate(body);
  if (errors.length === 0) return null;
  const shown = errors
    .slice(0, 5)
    .map((e) => `${e.pointer} ${e.message}`)
    .join('; ');
  return `${op.operationId} ${status} body breaks the spec: ${shown}${errors.length > 5 ? ` (+${errors.length - 5} more)` : ''}`;
}
