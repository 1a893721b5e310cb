// Reading what the spec documents for a received response: the response object of a status
// (exact, range, default), its media types, its headers and their schemas.
import type { CheckContext, Json } from '../types.js';

export function documentedResponse(ctx: CheckContext, status: number | string): Json | undefined {
  const responses = ctx.operation.op.responses ?? {};
  const s = String(status);
  return responses[s] ?? responses[`${s[0]}XX`] ?? responses[`${s[0]}xx`] ?? responses.default;
}

export const isJsonType = (type: string) => /^application\/([\w.+-]+\+)?json$/i.test(type.trim());
export const mediaTypeOf = (contentType: string | undefined) => (contentType ?? '').split(';')[0].trim().toLowerCase();

/** The documented JSON media type and its object for a response (first JSON one). */
export function jsonMedia(response: Json | undefined): [string, Json] | undefined {
  const entries = Object.entries<Json>(response?.content ?? {});
  return entries.find(([type]) => isJsonType(type)) ?? undefined;
}

/** Declared headers of a response, lower-cased names, refs already resolved by listOperations. */
export function declaredHeaders(response: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [name, header] of Object.entries<Json>(response?.headers ?? {})) out.set(name.toLowerCase(), header);
  return out;
}

/** A header value as its schema types it (integers and booleans arrive as text). */
export function typedHeader(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (type === 'boolean' && /^(true|false)$/.test(value)) return value === 'true';
  return value;
}

export function parseStructured(value: string | undefined): { name: string; params: Record<string, number> } | undefined {
  const m = /^"([^"]+)"((?:;[a-z]+=\d+)*)$/.exec((value ?? '').trim());
  if (!m) return undefined;
  const params: Record<string, number> = {};
  for (const part of m[2].split(';').filter(Boolean)) {
    const [k, v] = part.split('=');
    params[k] = Number(v);
  }
  return { name: m[1], params };
}

/** Seconds since the epoch according to the server's Date header, else this machine's clock. */
export function serverNow(headers: Record<string, string>): number {
  const date = Date.parse(headers.date ?? '');
  return Math.floor((Number.isNaN(date) ? Date.now() : date) / 1000);
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function problemCode(body: unknown): string | undefined {
  return isObject(body) && typeof body.code === 'string' ? body.code : undefined;
}

/** One line describing a received response, for failure messages. */
export function describeReceived(status: number, body: unknown): string {
  if (isObject(body) && typeof body.code === 'string') {
    const detail = typeof body.detail === 'string' ? `: ${body.detail}` : '';
    return `${status} ${body.code}${detail}`.slice(0, 200);
  }
  return String(status);
}

export const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
