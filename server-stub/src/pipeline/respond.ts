// Writing responses: JSON bodies, RFC 9457 problems, and the headers every response carries.
// Headers are collected in one object and written with a single writeHead.
import type { ServerResponse } from 'node:http';
import { ApiError, type Problem, problemBody } from '../http/problem.js';
import { CHALLENGE } from '../middleware/auth/authenticate.js';

export type Headers = Record<string, string | number>;

/** A known path with a method the spec does not define for it. */
export class MethodNotAllowed extends ApiError {
  constructor(method: string, allow: string) {
    super('METHOD_NOT_ALLOWED', `${method} is not allowed on this path; allowed: ${allow}.`, { headers: { Allow: allow } });
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers, contentType = 'application/json'): void {
  const payload = JSON.stringify(body);
  headers['Content-Type'] = contentType;
  headers['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(status, headers);
  res.end(payload);
}

/** The problem body of an error, and its headers merged into `headers` (with the documented defaults). */
export function problemOf(err: ApiError, requestId: string, headers: Headers): Problem {
  if (err.extra.headers) Object.assign(headers, err.extra.headers);
  // The spec documents WWW-Authenticate on every 401/403 and Retry-After on every 429.
  if ((err.status === 401 || err.status === 403) && headers['WWW-Authenticate'] === undefined) headers['WWW-Authenticate'] = CHALLENGE;
  if (err.status === 429 && headers['Retry-After'] === undefined) headers['Retry-After'] = '1';
  return problemBody(err, requestId);
}

export function sendProblem(res: ServerResponse, err: ApiError, requestId: string, headers: Headers): void {
  sendJson(res, err.status, problemOf(err, requestId, headers), headers, 'application/problem+json');
}

export const internalError = () => new ApiError('INTERNAL_ERROR', 'An unexpected error occurred.');
