// RFC 9457 problem details (ARCHITECTURE.md §3). Handlers and middleware throw ApiError; the pipeline turns
// it into the documented problem+json body, so no code builds error bodies by hand.
import type { components } from '../../../generated/schema.js';

export type ErrorCode = components['schemas']['ErrorCode'];
export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

const TITLES: Record<ErrorCode, [number, string]> = {
  MALFORMED_REQUEST: [400, 'Malformed request'],
  UNAUTHORIZED: [401, 'Unauthorized'],
  INSUFFICIENT_BALANCE: [402, 'Insufficient balance'],
  INSUFFICIENT_SCOPE: [403, 'Insufficient scope'],
  IP_NOT_ALLOWED: [403, 'IP address not allowed'],
  SPEND_CAP_EXCEEDED: [403, 'Spend cap exceeded'],
  NOT_FOUND: [404, 'Not found'],
  METHOD_NOT_ALLOWED: [405, 'Method not allowed'],
  CONFLICT: [409, 'Conflict'],
  IDEMPOTENCY_IN_PROGRESS: [409, 'Idempotent request in progress'],
  PAYLOAD_TOO_LARGE: [413, 'Payload too large'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Unsupported media type'],
  VALIDATION_ERROR: [422, 'Validation failed'],
  IDEMPOTENCY_KEY_REUSED: [422, 'Idempotency key reused'],
  RATE_LIMITED: [429, 'Too many requests'],
  CONCURRENCY_LIMIT: [429, 'Concurrency limit reached'],
  INTERNAL_ERROR: [500, 'Internal error'],
  UPSTREAM_ERROR: [502, 'Upstream error'],
  SERVICE_UNAVAILABLE: [503, 'Service unavailable'],
};

export const statusOf = (code: ErrorCode) => TITLES[code][0];

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = statusOf(code);
  }
}

/** The Problem schema's bounds: details and field errors echo client input, which may be any length. */
const MAX = { detail: 2000, field: 200, message: 500 } as const;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function problemBody(err: ApiError, requestId: string): Problem {
  const body: Problem = {
    type: `https://docs.parley.dev/errors/${err.code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[err.code][1],
    status: err.status,
    detail: clip(err.detail, MAX.detail),
    code: err.code,
    request_id: requestId,
  };
  if (err.extra.errors)
    body.errors = err.extra.errors.slice(0, 100).map((e) => ({ field: clip(e.field, MAX.field), message: clip(e.message, MAX.message) }));
  return body;
}

/**
 * Answers to requests that never became requests (unparsable HTTP, headers over the limit, a client
 * too slow, an expectation we do not meet): the spec's ErrorCode has no code of their own, so they
 * carry MALFORMED_REQUEST with their own status and title.
 */
export const TRANSPORT_STATUS = {
  400: 'Malformed request',
  408: 'Request timeout',
  417: 'Expectation failed',
  431: 'Request header fields too large',
} as const;
export type TransportStatus = keyof typeof TRANSPORT_STATUS;

export function transportProblem(status: TransportStatus, detail: string, requestId: string): Problem {
  return { ...problemBody(new ApiError('MALFORMED_REQUEST', detail), requestId), title: TRANSPORT_STATUS[status], status };
}

export const notFound = (what: string, id: string) => new ApiError('NOT_FOUND', `No ${what} ${id} exists in this account.`);
export const conflict = (detail: string) => new ApiError('CONFLICT', detail);
export const invalid = (field: string, message: string) =>
  new ApiError('VALIDATION_ERROR', `The request has 1 invalid field.`, { errors: [{ field, message }] });
/** A 422 naming several fields at once (one `errors[]` entry per field). */
export const invalidFields = (errors: FieldError[]) =>
  new ApiError('VALIDATION_ERROR', `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`, { errors });
