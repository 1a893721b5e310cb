// Code samples built from an operation's example pairs: curl, and TypeScript with openapi-fetch
// on the generated types. The same request the contract tests replay, written for a reader.
import type { ExamplePair, ExampleRequest } from '../../openapi/tools/example-pairs.js';
import type { OperationInfo, SiteContext } from './context.js';

export interface SampleOptions {
  /** Extra request headers (e.g. an Idempotency-Key for the idempotency guide). */
  headers?: Record<string, string>;
  /** Send the key as `X-API-Key` instead of `Authorization: Bearer`. */
  apiKeyHeader?: boolean;
}

/** Path with the example's path parameters filled in, plus its query string. */
export function requestTarget(path: string, req: ExampleRequest): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(req.path[name])));
  const query = new URLSearchParams(Object.entries(req.query).map(([k, v]) => [k, String(v)] as [string, string])).toString();
  return query ? `${filled}?${query}` : filled;
}

/** "201", or "404 NOT_FOUND" for an error example. */
export function documentedAnswer(pair: ExamplePair): string {
  const code = (pair.response.value as { code?: string } | undefined)?.code;
  return code ? `${pair.response.status} ${code}` : pair.response.status;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlSample(ctx: SiteContext, op: OperationInfo, req: ExampleRequest, options: SampleOptions = {}): string {
  const method = op.method.toUpperCase();
  const url = ctx.baseUrl + requestTarget(op.path, req);
  const lines = [`curl ${method === 'GET' ? '' : `-X ${method} `}${/[?&]/.test(url) ? `"${url}"` : url}`];
  lines.push(options.apiKeyHeader ? `-H "X-API-Key: $PARLEY_API_KEY"` : `-H "Authorization: Bearer $PARLEY_API_KEY"`);
  const headers = { ...Object.fromEntries(Object.entries(req.header).map(([k, v]) => [k, String(v)])), ...options.headers };
  for (const [h, v] of Object.entries(headers)) lines.push(`-H ${shellQuote(`${h}: ${v}`)}`);
  if (req.body !== undefined) {
    lines.push(`-H "Content-Type: ${req.mediaType ?? 'application/json'}"`);
    lines.push(`-d ${shellQuote(JSON.stringify(req.body, null, 2)).replace(/\n/g, '\n  ')}`);
  }
  return lines.join(' \\\n  ');
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A JSON value as a TypeScript literal: unquoted keys where possible, single-quoted strings. */
export function tsLiteral(value: unknown, indent = ''): string {
  const next = `${indent}  `;
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object' || v === null)) return `[${value.map((v) => tsLiteral(v)).join(', ')}]`;
    return `[\n${value.map((v) => next + tsLiteral(v, next)).join(',\n')},\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${next}${IDENT.test(k) ? k : `'${k}'`}: ${tsLiteral(v, next)}`).join(',\n')},\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function tsClientSetup(ctx: SiteContext): string {
  return [
    `// Types: npx openapi-typescript openapi.json -o parley-api.d.ts`,
    `import createClient from 'openapi-fetch';`,
    `import type { paths } from './parley-api';`,
    ``,
    `const parley = createClient<paths>({`,
    `  baseUrl: '${ctx.baseUrl}',`,
    '  headers: { Authorization: `Bearer ${process.env.PARLEY_API_KEY}` },',
    `});`,
  ].join('\n');
}

/** The call of one example pair, given a `parley` client. */
export function tsCall(op: OperationInfo, pair: ExamplePair, options: SampleOptions = {}): string {
  const req = pair.request;
  const params: Record<string, unknown> = {};
  const header = { ...req.header, ...options.headers };
  if (Object.keys(req.path).length) params.path = req.path;
  if (Object.keys(req.query).length) params.query = req.query;
  if (Object.keys(header).length) params.header = header;
  const init: Record<string, unknown> = {};
  if (Object.keys(params).length) init.params = params;
  if (req.body !== undefined) init.body = req.body;
  const args = Object.keys(init).length ? `, ${tsLiteral(init)}` : '';
  const ok = pair.response.status.startsWith('2');
  return [
    `const { data, error, response } = await parley.${op.method.toUpperCase()}('${op.path}'${args});`,
    `// Documented answer: ${documentedAnswer(pair)}`,
    ok ? `console.log(response.status, data);` : `console.log(response.status, error?.code, error?.detail);`,
  ].join('\n');
}

export function tsFull(ctx: SiteContext, op: OperationInfo, pair: ExamplePair, options: SampleOptions = {}): string {
  return `${tsClientSetup(ctx)}\n\n${tsCall(op, pair, options)}`;
}

/** Pairs whose request is invalid on purpose: the generated types would refuse to compile them. */
export const invalidOnPurpose = (pair: ExamplePair) => (pair.response.value as { code?: string } | undefined)?.code === 'VALIDATION_ERROR';
