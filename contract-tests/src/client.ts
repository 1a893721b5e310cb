// Turns an operation and its inputs into an HTTP request, presenting a key the way a case asks
// (Bearer, X-API-Key, both, in the query, in the body, or not at all).
import type { Credential, HttpRequest, Json } from './types.js';

export interface Inputs {
  path?: Json;
  query?: Json;
  header?: Json;
  /** A JSON value to send as the body. */
  body?: unknown;
  /** A body sent as is (malformed JSON, text/plain, oversized). */
  rawBody?: string | Buffer;
  contentType?: string;
  bodyNote?: string;
}

export interface Presented {
  credential: Credential;
  secret?: string;
  /** The second key of a `both` presentation. */
  otherSecret?: string;
  /** The Authorization scheme as written; default `Bearer` (scheme names are case-insensitive, RFC 9110 §11.1). */
  scheme?: string;
}

/** The placeholder of --other-key, the key of a second account. */
export const OTHER_ACCOUNT_LABEL = '$CONTRACT_OTHER_KEY';

/** The second account's key (--other-key), as every cross-account probe presents it. */
export const otherAccountKey = (secret: string): Presented => ({
  credential: { kind: 'valid', via: 'bearer', label: OTHER_ACCOUNT_LABEL },
  secret,
});

/** The request went with the second account's key: its answers show that account's resources. */
export const isOtherAccount = (credential: Credential): boolean => credential.label === OTHER_ACCOUNT_LABEL;

/** Where a key goes when a probe puts it where it does not belong. */
export const KEY_PARAM = 'api_key';
export const NO_KEY: Presented = { credential: { kind: 'none', via: 'none', label: '' } };

export function buildRequest(
  baseUrl: string,
  method: string,
  path: string,
  inputs: Inputs,
  presented: Presented,
  extraHeaders: Json = {},
): HttpRequest {
  const url = new URL(
    baseUrl.replace(/\/+$/, '') +
      path.replace(/\{([^}]+)\}/g, (_m, name) => encodeURIComponent(String(inputs.path?.[name] ?? `{${name}}`))),
  );
  for (const [k, v] of Object.entries(inputs.query ?? {})) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v])
      url.searchParams.append(k, typeof item === 'object' ? JSON.stringify(item) : String(item));
  }
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', 'user-agent': 'parley-contract' };
  for (const [k, v] of Object.entries(inputs.header ?? {})) if (v !== undefined) headers[k] = String(v);
  for (const [k, v] of Object.entries(extraHeaders)) if (v !== undefined) headers[k] = String(v);
  let body: string | Buffer | undefined;
  if (inputs.rawBody !== undefined) body = inputs.rawBody;
  else if (inputs.body !== undefined) body = JSON.stringify(inputs.body);
  const { credential, secret, otherSecret, scheme = 'Bearer' } = presented;
  if (secret !== undefined) {
    if (credential.via === 'bearer' || credential.via === 'both') headers.authorization = `${scheme} ${secret}`;
    if (credential.via === 'x-api-key') headers['x-api-key'] = secret;
    if (credential.via === 'both') headers['x-api-key'] = otherSecret ?? secret;
    if (credential.via === 'query') url.searchParams.append(KEY_PARAM, secret);
    if (credential.via === 'body') body = JSON.stringify({ ...((inputs.body as Json) ?? {}), [KEY_PARAM]: secret });
  }
  if (body !== undefined) headers['content-type'] = inputs.contentType ?? 'application/json';
  return { method: method.toUpperCase(), url: url.toString(), headers, body, ...(inputs.bodyNote ? { bodyNote: inputs.bodyNote } : {}) };
}
