// What a documented example does to the state it touches, read from its shape: which resource it
// targets, whether it creates, reads, changes or ends it, and the state it leaves it in.
import type { ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import type { Json } from '../types.js';
import { idsIn } from './ids.js';

export type CaseRole = 'create' | 'read' | 'add' | 'update' | 'action' | 'destroy' | 'conflict' | 'error';

/** Operations that end or suspend a resource although they are not DELETEs. */
const ENDING_VERB = /^(delete|remove|revoke|hangup|hangUp|pause|cancel|stop|end|close|terminate|disable|archive|release)/;
export const isEndingOperation = (method: string, operationId: string) => method === 'delete' || ENDING_VERB.test(operationId);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Classified {
  role: CaseRole;
  /** The resource the case is about: a canonical id, or the path of a singleton. */
  resource?: string;
  uses: string[];
  produces: string[];
  /** The `status` the example shows the resource in, if it shows one. */
  state?: string;
  /** A DELETE that leaves the resource readable (revoked, not gone). */
  soft?: boolean;
}

export interface ClassifyInput {
  method: string;
  path: string;
  operationId: string;
  status: string;
  request: ExampleRequest;
  value: unknown;
  /** The path has both GET and PUT and no parameters: one resource per account. */
  singleton: boolean;
}

export function classify(c: ClassifyInput, known: ReadonlySet<string>): Classified {
  const inputs = [c.request.path, c.request.query, c.request.header, c.request.body];
  const uses = [...idsIn(inputs, known)];
  const success = /^2/.test(c.status);
  const body = isObject(c.value) ? c.value : undefined;
  const returnedId = typeof body?.id === 'string' && known.has(body.id) ? body.id : undefined;
  const produces = success && c.method === 'post' && returnedId && !uses.includes(returnedId) ? [returnedId] : [];
  const pathIds = [...idsIn(c.request.path, known)];
  const resource = produces[0] ?? pathIds[0] ?? (c.singleton ? c.path : uses[0]);
  const state = typeof body?.status === 'string' && returnedId === resource ? body.status : undefined;
  let role: CaseRole;
  if (c.status === '409') role = 'conflict';
  else if (!success) role = 'error';
  else if (produces.length) role = 'create';
  else if (c.method === 'get') role = 'read';
  else if (isEndingOperation(c.method, c.operationId)) role = 'destroy';
  else if (c.method === 'patch' || c.method === 'put') role = 'update';
  else role = returnedId && returnedId === resource ? 'action' : 'add';
  const soft = role === 'destroy' && c.method === 'delete' && body !== undefined && body.deleted !== true;
  return { role, resource, uses, produces, state, soft };
}

/** Two requests are the same request (a conflict that repeats a success verbatim). */
export function sameRequest(a: ExampleRequest, b: ExampleRequest): boolean {
  return JSON.stringify([a.path, a.query, a.body]) === JSON.stringify([b.path, b.query, b.body]);
}
