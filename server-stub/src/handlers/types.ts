// Handlers are typed from generated/schema.d.ts as ONE map over `operations`: tsc fails when an
// operation has no handler, or a handler returns a status or body the spec does not document.
// Errors are not returned but thrown as ApiError (their bodies are the shared Problem).
import type { operations, webhooks } from '../../../generated/schema.js';
import type { RequestContext } from '../context.js';

/** The API's operations: `operations` also holds the webhook operations, which Parley sends. */
type WebhookOperation = webhooks[keyof webhooks]['post'];
export type OperationId = { [K in keyof operations]: operations[K] extends WebhookOperation ? never : K }[keyof operations];
type Op<K extends OperationId> = operations[K];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type SuccessStatus<K extends OperationId> = Extract<keyof Op<K>['responses'], 200 | 201 | 202 | 204>;
type Param<K extends OperationId, W extends 'path' | 'query' | 'header'> = Op<K>['parameters'] extends { [P in W]?: infer T }
  ? [NonNullable<T>] extends [never]
    ? Record<string, never>
    : NonNullable<T>
  : Record<string, never>;

export type HandlerResult<K extends OperationId> = {
  [S in SuccessStatus<K>]: { status: S; body: JsonOf<Op<K>['responses'][S]> };
}[SuccessStatus<K>];

export interface HandlerInput<K extends OperationId> {
  path: Param<K, 'path'>;
  query: Param<K, 'query'>;
  header: Param<K, 'header'>;
  body: Op<K> extends { requestBody: { content: { 'application/json': infer B } } }
    ? B
    : Op<K> extends { requestBody?: { content: { 'application/json': infer B } } }
      ? B | undefined
      : undefined;
}

export type Handler<K extends OperationId> = (input: HandlerInput<K>, ctx: RequestContext) => HandlerResult<K> | Promise<HandlerResult<K>>;

export type Handlers = { [K in OperationId]: Handler<K> };
/** A tag module implements a subset; index.ts joins them into the full map. */
export type HandlerGroup<K extends OperationId> = { [P in K]: Handler<P> };
