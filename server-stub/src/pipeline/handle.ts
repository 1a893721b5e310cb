// The request pipeline, in the order the contract needs (ARCHITECTURE.md §2–§5):
//   Host (400) → route (404/405) → credentials (key in query/body 401, two keys 400, none 401) → key (401)
//   → rate limits (429; from here every response carries the rate-limit headers) → IP allowlists
//   (403) → scope (403) → path ids (404) → body (415/413/400) → query/header/body schemas (422)
//   → Idempotency-Key (replay/409/422) → handler → response validation (500) → send.
// Everything it needs was compiled from the spec at start-up; nothing here parses the spec.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContractModel } from '../../../openapi/tools/contract-model.js';
import type { RequestContext, Stores } from '../context.js';
import { ApiError } from '../http/problem.js';
import type { Logger } from '../log.js';
import {
  authenticate,
  authenticateCached,
  authenticateLoaded,
  checkIp,
  checkScope,
  conflictingKeys,
  keyInWrongPlace,
  missingKey,
  type Principal,
  touchKey,
} from '../middleware/auth/authenticate.js';
import { keyInBody, keyInQuery, readCredentials } from '../middleware/auth/credentials.js';
import { clientAddress } from '../middleware/auth/ip.js';
import { enterIdempotent, fingerprint, reusedKey } from '../middleware/idempotency/idempotency.js';
import type { ResponseSealer } from '../middleware/idempotency/seal.js';
import type { DurableOutcomes, IdempotencyStore, StoredResponse } from '../middleware/idempotency/store.js';
import { checksFor, type Policy, rateLimited, writeRateLimitHeaders } from '../middleware/limits/policies.js';
import type { HitResult, LimitCheck, LimitStore, WindowState } from '../middleware/limits/store.js';
import { serviceUnavailable, unavailableStore } from '../store/unavailable.js';
import { collect, discardRest, hasBody, readJsonBody } from './body.js';
import type { CompiledOperation } from './compile.js';
import { newRequestId } from './request-id.js';
import { type Headers, internalError, MethodNotAllowed, problemOf, sendJson } from './respond.js';
import { responseBreach } from './response-check.js';
import type { Match } from './router.js';
import { validatePath, validateRest } from './validate.js';

/** A handler as the pipeline calls it (the typed map of handlers/types.ts fits this shape). */
export type AnyHandler = (input: any, ctx: RequestContext) => unknown;
export type HandlerMap = { readonly [operationId: string]: AnyHandler | undefined };
export type RecordEvent = (stores: Stores, accountId: string, type: string, object: unknown, now: Date) => void;

export interface PipelineDeps {
  route: (method: string, url: string) => Match;
  stores: Stores;
  contract: ContractModel;
  handlers: HandlerMap;
  recordEvent: RecordEvent;
  limits: LimitStore;
  /** The policy counting refused keys per source address (the model's authFailures), scaled; none: no such limit. */
  authFailures?: Policy;
  idempotency: IdempotencyStore;
  /** The durable record of completed idempotent requests, on the same SQLite file as the handlers' writes. */
  outcomes: DurableOutcomes;
  /** Seals the answers idempotency records keep (they may hold a secret shown once). */
  sealer: ResponseSealer;
  trustedProxies: readonly string[];
  validateResponses: boolean;
  now: () => number;
  log: Logger;
  /** True once the server is shutting down: answers then close their connection. */
  closing?: () => boolean;
}

const shape = (r: { status: number; body: unknown }): StoredResponse => ({ status: r.status, body: r.body });

/** ctx.emit for one request (made here, not inline, so that no per-request closure needs naming). */
function emitter(deps: PipelineDeps, accountId: string, now: Date): RequestContext['emit'] {
  return (type, object) => deps.recordEvent(deps.stores, accountId, type, object, now);
}

/** Per-request state the error path needs (what was learnt before the failure). */
interface Exchange {
  requestId: string;
  headers: Headers;
  op: CompiledOperation | undefined;
  principal: Principal | undefined;
  /** The limit state the response reports: the operation's policies, or the source address's refused keys. */
  limit: { policies: readonly Policy[]; result: HitResult } | undefined;
  now: number;
}

export function createPipeline(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { stores, log } = deps;

  function finishHeaders(x: Exchange, status: number): Headers {
    // A 401 is attributed to no key: it reports only the refused-keys window it counted in.
    if (x.limit && (status !== 401 || x.limit.policies[0] === deps.authFailures))
      writeRateLimitHeaders(x.headers, x.limit.policies, x.limit.result, x.now);
    if (deps.closing?.()) x.headers.Connection = 'close';
    return x.headers;
  }

  async function readKeyFromBody(req: IncomingMessage, limit: number): Promise<boolean> {
    try {
      const raw = (await collect(req, limit)).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      if (/^application\/x-www-form-urlencoded/i.test(type)) return keyInQuery(Object.fromEntries(new URLSearchParams(raw)));
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = undefined;
      }
      return keyInBody(raw, parsed);
    } catch {
      return false;
    }
  }

  /**
   * Runs the handler; throws what it throws. The stub's handlers are synchronous, so their writes
   * can share a transaction; an async one (a test's slow override) answers a promise.
   */
  function invoke(op: CompiledOperation, input: object, ctx: RequestContext): StoredResponse | Promise<StoredResponse> {
    const handler = deps.handlers[op.operationId];
    if (!handler) throw new Error(`no handler for operation ${op.operationId}`);
    const result = handler(input, ctx) as { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
    return result instanceof Promise ? result.then(shape) : shape(result);
  }

  /** The problem a handler threw, as the response to store and send. */
  function problemResponse(x: Exchange, err: ApiError): StoredResponse {
    const headers: Headers = {};
    const body = problemOf(err, x.requestId, headers);
    return { status: err.status, body, headers: headers as Record<string, string> };
  }

  /** The response, unless it breaks the spec (then a 500, logged). */
  function validated(x: Exchange, op: CompiledOperation, response: StoredResponse): StoredResponse {
    if (deps.validateResponses) {
      const breach = responseBreach(op, response.status, response.body);
      if (breach) {
        log.error('response breaks the spec', { request_id: x.requestId, operation: op.operationId, breach });
        throw internalError();
      }
    }
    return response;
  }

  /** A request without an Idempotency-Key: the handler's answer or the problem it threw. */
  async function execute(x: Exchange, op: CompiledOperation, input: object, ctx: RequestContext): Promise<StoredResponse> {
    let response: StoredResponse;
    try {
      const r = invoke(op, input, ctx);
      response = r instanceof Promise ? await r : r;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      response = problemResponse(x, err);
    }
    return validated(x, op, response);
  }

  /**
   * A claimed Idempotency-Key: the handler's writes and the key's completed record commit in one
   * SQLite transaction (a crash leaves both or neither). A 4xx the handler throws rolls its writes
   * back and is recorded for replay; anything else frees the key so that a retry runs again.
   */
  async function executeOnce(
    x: Exchange,
    op: CompiledOperation,
    input: object,
    ctx: RequestContext,
    key: { accountId: string; idemKey: string; print: string },
  ): Promise<StoredResponse> {
    const { accountId, idemKey, print } = key;
    let response: StoredResponse;
    let sealed: StoredResponse;
    /** The durable record of `r` (sealed once: the claim store gets the same copy). */
    const record = (r: StoredResponse) => {
      sealed = deps.sealer.seal(accountId, idemKey, r);
      deps.outcomes.record(accountId, idemKey, print, sealed, x.now);
      return r;
    };
    try {
      type Step = { done: StoredResponse } | { pending: Promise<StoredResponse> };
      const step = stores.resources.transaction((): Step => {
        const r = invoke(op, input, ctx);
        return r instanceof Promise ? { pending: r } : { done: record(validated(x, op, r)) };
      });
      // An async handler's writes are its own: the record follows once it settles.
      response = 'done' in step ? step.done : record(validated(x, op, await step.pending));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) {
        await deps.idempotency.release(accountId, idemKey).catch((e: unknown) => notSaved(x, e));
        throw err;
      }
      response = record(validated(x, op, problemResponse(x, err)));
    }
    // The effect and its record are committed: answering it beats a 503 that invites a retry. A
    // claim store that missed the completion answers 409 until its lease ends, then the durable
    // record replays it.
    await deps.idempotency.complete(accountId, idemKey, sealed!).catch((e: unknown) => notSaved(x, e));
    return response;
  }

  /** A claim store that is down after the handler ran: logged; anything else is a bug and thrown. */
  function notSaved(x: Exchange, err: unknown): void {
    const down = unavailableStore(err);
    if (!down) throw err;
    log.error('idempotency claim not updated', { request_id: x.requestId, store: down.store, error: down.message });
  }

  /** The refused-keys window of a source address, when the contract declares one. */
  function guardOf(clientIp: string): LimitCheck[] | undefined {
    const guard = deps.authFailures;
    return guard && [{ key: `${guard.name}|${clientIp}`, limit: guard.limit, windowMs: guard.windowMs }];
  }

  /** A full refused-keys window: 429 before anything else (a valid key too, so a right guess looks like a wrong one). */
  function guardFull(x: Exchange, state: WindowState): never {
    const guard = deps.authFailures!;
    const result: HitResult = { allowed: false, states: [state] };
    x.limit = { policies: [guard], result };
    throw rateLimited([guard], result, x.now);
  }

  /**
   * The key's principal, or its 401 counted against the source address's refused keys; once that
   * window is full, a 429 whatever the key. Either way the request costs one step of the limit store
   * (one round trip to Redis) before the answer is known, and the same work in process, so that a
   * full window tells a right guess from a wrong one neither by its answer nor by its timing:
   * - a key in this process's cache (one digest, one map probe): the window is checked in the store
   *   step that records the operation's limits (limitsOf);
   * - any other secret: the window is peeked first (429 when full), and only then is the key looked
   *   up in the file (its HMAC); a refusal is counted (one more step, as for every refused key).
   * Synchronous for a cached key.
   */
  function principalOf(x: Exchange, secret: string, guard: LimitCheck[] | undefined): Principal | Promise<Principal> {
    if (!guard) return authenticate(stores, secret, x.now);
    let cached: ReturnType<typeof authenticateCached>;
    try {
      cached = authenticateCached(stores, secret, x.now);
    } catch (err) {
      return refused(x, err, guard);
    }
    return cached.principal ?? loaded(x, secret, cached.digest, guard);
  }

  async function loaded(x: Exchange, secret: string, digest: Buffer, guard: LimitCheck[]): Promise<Principal> {
    const before = await deps.limits.peek(guard, x.now);
    if (!before.allowed) guardFull(x, before.states[0]);
    try {
      return authenticateLoaded(stores, secret, digest, x.now);
    } catch (err) {
      return refused(x, err, guard);
    }
  }

  /** A refused key: counted in the address's window, unless that is already full (then nothing is recorded: 429). */
  async function refused(x: Exchange, err: unknown, guard: LimitCheck[]): Promise<never> {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    const result = await deps.limits.hit(guard, x.now);
    if (!result.allowed) guardFull(x, result.states[0]);
    x.limit = { policies: [deps.authFailures!], result };
    throw err;
  }

  /**
   * The operation's windows recorded (429 when one is full), checked with the address's refused-keys
   * window; the request is the principal's once that window has let it through. A store whose
   * windows are local (memory, SQLite) answers synchronously: no promise on the hot path.
   */
  function limitsOf(
    x: Exchange,
    op: CompiledOperation,
    principal: Principal,
    checks: LimitCheck[],
    guard: LimitCheck[] | undefined,
  ): void | Promise<void> {
    const { limits } = deps;
    if (!guard && checks.length === 0) {
      x.principal = principal;
      return;
    }
    if (checks.length === 0) {
      const peeked = limits.peekNow ? limits.peekNow(guard!, x.now) : limits.peek(guard!, x.now);
      return peeked instanceof Promise ? peeked.then((r) => admit(x, op, principal, 0, r)) : admit(x, op, principal, 0, peeked);
    }
    const hit = limits.hitNow ? limits.hitNow(checks, x.now, guard) : limits.hit(checks, x.now, guard);
    return hit instanceof Promise
      ? hit.then((r) => admit(x, op, principal, checks.length, r))
      : admit(x, op, principal, checks.length, hit);
  }

  /** What limitsOf's store step said: the first `n` states are the operation's windows, then the guard's, if any. */
  function admit(x: Exchange, op: CompiledOperation, principal: Principal, n: number, both: HitResult): void {
    const guardState = both.states[n];
    if (guardState !== undefined && guardState.remaining <= 0) guardFull(x, guardState);
    x.principal = principal;
    if (n === 0) return;
    const result: HitResult = guardState === undefined ? both : { allowed: both.allowed, states: both.states.slice(0, n) };
    x.limit = { policies: op.policies, result };
    if (!result.allowed) throw rateLimited(op.policies, result, x.now);
  }

  async function run(req: IncomingMessage, res: ServerResponse, x: Exchange): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    // RFC 9112 §3.2: a 400 (node's own would have no body; the server turns it off, http/transport.ts).
    if (req.httpVersion === '1.1' && req.headers.host === undefined)
      throw new ApiError('MALFORMED_REQUEST', 'An HTTP/1.1 request must carry a Host header.');
    const match = deps.route(method, url);
    if (match.kind === 'not-found') {
      const q = url.indexOf('?');
      throw new ApiError('NOT_FOUND', `No route matches ${method} ${q === -1 ? url : url.slice(0, q)}.`);
    }
    if (match.kind === 'method-not-allowed') throw new MethodNotAllowed(method, match.allow);
    const op = match.op;
    x.op = op;

    // Credentials: only from the two headers.
    if (keyInQuery(match.query)) throw keyInWrongPlace();
    const credentials = readCredentials(req.headers);
    if (credentials.kind === 'conflict') throw conflictingKeys();
    if (credentials.kind === 'none') {
      if (op.body && hasBody(req) && (await readKeyFromBody(req, op.body.limit))) throw keyInWrongPlace();
      throw missingKey();
    }
    const clientIp = clientAddress(
      req.socket?.remoteAddress ?? '',
      req.headers['x-forwarded-for'] as string | undefined,
      deps.trustedProxies,
    );
    const guard = guardOf(clientIp);
    const found = principalOf(x, credentials.secret, guard);
    const principal = found instanceof Promise ? await found : found;
    const keyId = principal.stored.key.id;
    const accountId = principal.account.id;
    const checks = op.policies.length > 0 ? checksFor(op.policies, { keyId, accountId, clientIp, params: match.params }) : [];
    const limited = limitsOf(x, op, principal, checks, guard);
    if (limited) await limited;
    checkIp(principal, clientIp);
    checkScope(principal, op.scope);
    touchKey(stores.keys, principal, x.now);

    const path = validatePath(op, match.params);
    const body = op.body ? await readJsonBody(req, op.body) : undefined;
    if (body && keyInBody(body.raw, body.value)) throw keyInWrongPlace();
    const rest = validateRest(op, match.query, req.headers, body?.value);
    const input = { path, query: rest.query, header: rest.header, body: rest.body };

    const now = new Date(x.now);
    const ctx: RequestContext = {
      requestId: x.requestId,
      now,
      account: principal.account,
      apiKey: principal.stored.key,
      mode: principal.stored.key.mode,
      clientIp,
      stores,
      contract: deps.contract,
      emit: emitter(deps, accountId, now),
    };

    const idemKey = op.idempotencyHeader ? (rest.header[op.idempotencyHeader] as string | undefined) : undefined;
    let response: StoredResponse;
    if (idemKey === undefined) {
      response = await execute(x, op, input, ctx);
    } else {
      const q = url.indexOf('?');
      const print = fingerprint(method, q === -1 ? url : url.slice(0, q), rest.body);
      let gate = await enterIdempotent(deps.idempotency, accountId, idemKey, print, x.now);
      // A claim store other than the durable record may have lost a completed answer (a crash
      // between the commit and its own update): the durable record decides.
      const recorded = gate.kind === 'run' ? deps.outcomes.find(accountId, idemKey, x.now) : undefined;
      if (recorded?.response) {
        if (recorded.fingerprint !== print) {
          await deps.idempotency.release(accountId, idemKey);
          throw reusedKey();
        }
        await deps.idempotency.complete(accountId, idemKey, recorded.response);
        gate = { kind: 'replay', response: recorded.response };
      }
      if (gate.kind === 'replay') {
        response = deps.sealer.open(accountId, idemKey, gate.response);
        // A replayed problem names this request, so its request_id matches X-Request-Id.
        if (response.status >= 400 && response.body && typeof response.body === 'object') {
          response = { ...response, body: { ...response.body, request_id: x.requestId } };
        }
        x.headers['Idempotent-Replayed'] = 'true';
      } else {
        response = await executeOnce(x, op, input, ctx, { accountId, idemKey, print });
      }
    }
    if (response.headers) Object.assign(x.headers, response.headers);
    const problem = response.status >= 400;
    sendJson(
      res,
      response.status,
      response.body,
      finishHeaders(x, response.status),
      problem ? 'application/problem+json' : 'application/json',
    );
  }

  return async function handle(req, res) {
    const started = performance.now();
    const x: Exchange = { requestId: newRequestId(), headers: {}, op: undefined, principal: undefined, limit: undefined, now: deps.now() };
    x.headers['X-Request-Id'] = x.requestId;
    try {
      await run(req, res, x);
    } catch (caught) {
      let err = caught;
      const down = unavailableStore(err);
      if (down) {
        log.error('store unavailable', {
          request_id: x.requestId,
          operation: x.op?.operationId ?? null,
          store: down.store,
          error: down.message,
        });
        err = serviceUnavailable();
      } else if (!(err instanceof ApiError)) {
        log.error('unexpected error', {
          request_id: x.requestId,
          operation: x.op?.operationId ?? null,
          error: String((err as Error)?.stack ?? err),
        });
        err = internalError();
      }
      if (res.headersSent) {
        res.destroy();
      } else {
        const e = err as ApiError;
        const headers = finishHeaders(x, e.status);
        const body = problemOf(e, x.requestId, headers);
        // The body was not (fully) read: answer now, and drain the rest (bounded) so that the
        // client reads the answer instead of a reset (see discardRest).
        if (hasBody(req) && !req.readableEnded) discardRest(req);
        sendJson(res, e.status, body, headers, 'application/problem+json');
      }
    }
    log.request({
      request_id: x.requestId,
      method: req.method ?? '',
      route: x.op?.path ?? null,
      operation: x.op?.operationId ?? null,
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 100) / 100,
      ...(x.principal ? { account_id: x.principal.account.id, key_id: x.principal.stored.key.id } : {}),
    });
  };
}
