// Faults that only the generated checks catch (merged into catalogue.ts). Each passes every
// documented example: it shows on a whole class of inputs no example sends (a string over its
// maxLength, an undeclared property, a missing required field, non-ASCII text, a malformed path
// id), which the proxy recognises with the spec's own schemas, whatever values the seed drew.
import { contractModel } from '../../../../openapi/tools/contract-model.js';
import { createSchemaValidator, type SchemaError } from '../../../../openapi/tools/schema-validator.js';
import { listOperations, loadSpec, type SpecOperation } from '../../../../openapi/tools/spec.js';
import type { FaultCase } from './proxy.js';
import { bodyJson, type FaultContext, type ProxyRequest, type ProxyResponse, pathOf, withJson } from './proxy.js';

type Body = Record<string, any>;

const spec = loadSpec();
const validator = createSchemaValidator(spec);
/** Operations by route, fixed paths before templated ones (`/v1/agents/import` before `/v1/agents/{agent_id}`). */
const routes = listOperations(spec)
  .map((so) => ({
    so,
    re: new RegExp(`^${so.path.replace(/\{[^}]+\}/g, '([^/]+)')}$`),
    params: [...so.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
  }))
  .sort((a, b) => a.params.length - b.params.length);

function routeOf(req: ProxyRequest): { so: SpecOperation; path: Record<string, string> } | undefined {
  for (const r of routes) {
    const m = r.so.method === req.method.toLowerCase() ? r.re.exec(pathOf(req)) : null;
    if (m) return { so: r.so, path: Object.fromEntries(r.params.map((p, i) => [p, decodeURIComponent(m[i + 1])])) };
  }
  return undefined;
}

/** What the operation's body schema says about the request's body (nothing when it has none). */
function bodyErrors(req: ProxyRequest): SchemaError[] {
  const route = routeOf(req);
  const media = Object.entries<Body>(route?.so.op.requestBody?.content ?? {}).find(([t]) => /json/.test(t))?.[1];
  const body = bodyJson(req);
  return media?.schema && body !== undefined ? validator.validate(media.schema, body) : [];
}

/** A request without the body its operation requires. */
const missingBody = (req: ProxyRequest) => Boolean(routeOf(req)?.so.op.requestBody?.required) && req.body.length === 0;

/** Path parameters that do not have the shape their schema gives ids. */
function malformedPathIds(req: ProxyRequest): string[] {
  const route = routeOf(req);
  if (!route) return [];
  return (route.so.op.parameters ?? [])
    .filter((p: Body) => p.in === 'path' && validator.validate(p.schema, route.path[p.name]).length > 0)
    .map((p: Body) => p.name);
}

/** The operation's body limit, as the contract model reads it (the API's default 64 KiB for an unknown route). */
const bodyLimitOf = (req: ProxyRequest) => {
  const route = routeOf(req);
  return route ? contractModel().operation(route.so.operationId).bodyLimit : 64 * 1024;
};

const nonAscii = (req: ProxyRequest) => /[^\p{ASCII}]/u.test(req.body.toString('utf8'));

/** The answer turned into a problem (headers kept: request id, rate limits). */
function asProblem(res: ProxyResponse, status: number, code: string, title: string, detail: string): ProxyResponse {
  const requestId = res.headers['x-request-id'] ?? (bodyJson(res) as Body | undefined)?.request_id;
  const type = `https://docs.parley.dev/errors/${code.toLowerCase().replace(/_/g, '-')}`;
  return withJson(
    { ...res, status, headers: { ...res.headers, 'content-type': 'application/problem+json' } },
    { type, title, status, detail, code, request_id: requestId },
  );
}

const internalError = (res: ProxyResponse) => asProblem(res, 500, 'INTERNAL_ERROR', 'Internal error', 'An unexpected error occurred.');

/** Remembers the last success of each route (a broken server answers it again). */
function rememberSuccess(res: ProxyResponse, req: ProxyRequest, ctx: FaultContext): void {
  const route = routeOf(req);
  if (route && res.status >= 200 && res.status < 300) ctx.memory.set(`success:${route.so.operationId}`, res);
}

export const GENERATED_FAULTS: FaultCase[] = [
  {
    area: 'generated',
    only: '^importContacts$',
    caughtBy: ['not-a-server-error'],
    fault: {
      id: 'crash-on-overlong-string',
      description: 'a string longer than its documented maxLength crashes the validator (500)',
      response: (res, req) =>
        res.status === 422 && bodyErrors(req).some((e) => /must NOT have more than \d+ characters/.test(e.message))
          ? internalError(res)
          : undefined,
    },
  },
  {
    area: 'generated',
    only: '^importContacts$',
    caughtBy: ['not-a-server-error'],
    fault: {
      id: 'crash-on-unicode',
      description: 'a valid body holding non-ASCII text crashes when it is stored (500)',
      response: (res, req) => (res.status < 300 && nonAscii(req) ? internalError(res) : undefined),
    },
  },
  {
    area: 'generated',
    only: '^getCampaign$',
    caughtBy: ['not-a-server-error'],
    fault: {
      id: 'crash-on-malformed-id',
      description: 'a path id that does not have the shape of an id crashes the lookup (500)',
      response: (res, req) => (malformedPathIds(req).length ? internalError(res) : undefined),
    },
  },
  {
    area: 'generated',
    only: '^createWebhook$',
    caughtBy: ['negative-data-rejected'],
    fault: {
      id: 'ignore-undeclared-property',
      description: 'undeclared body properties are dropped silently instead of refused (additionalProperties: false)',
      request: (req) => {
        // A body too large to read is refused before anything looks at its properties.
        if (req.body.length > bodyLimitOf(req)) return;
        const undeclared = bodyErrors(req)
          .map(
            (e) =>
              /^must NOT have additional properties \((.+)\)$/.exec(e.message) && {
                pointer: e.pointer,
                name: /\((.+)\)$/.exec(e.message)![1],
              },
          )
          .filter((x): x is { pointer: string; name: string } => Boolean(x));
        if (!undeclared.length) return;
        const body = bodyJson(req) as Body;
        for (const u of undeclared) {
          const parent = u.pointer
            .split('/')
            .slice(1)
            .filter(Boolean)
            .reduce<Body | undefined>((acc, k) => acc?.[k], body);
          if (parent) delete parent[u.name];
        }
        return withJson(req, body);
      },
    },
  },
  {
    area: 'generated',
    only: '^createContact$',
    caughtBy: ['negative-data-rejected'],
    fault: {
      id: 'accept-missing-required',
      description: 'a request missing a required field (or its whole body) gets the documented success answer (the last one served)',
      response: (res, req, ctx) => {
        rememberSuccess(res, req, ctx);
        const success = ctx.memory.get(`success:${routeOf(req)?.so.operationId}`) as ProxyResponse | undefined;
        if (
          res.status !== 422 ||
          !success ||
          !(missingBody(req) || bodyErrors(req).some((e) => /^must have required property/.test(e.message)))
        )
          return;
        return {
          ...success,
          headers: {
            ...success.headers,
            ...pick(res.headers, [
              'x-request-id',
              'x-ratelimit-limit',
              'x-ratelimit-remaining',
              'x-ratelimit-reset',
              'ratelimit-policy',
              'ratelimit',
            ]),
          },
        };
      },
    },
  },
  {
    area: 'generated',
    only: '^createLookup$',
    caughtBy: ['negative-data-rejected'],
    fault: {
      id: 'validation-names-no-field',
      description: 'a 422 about the body names `body`, never the field in it that is wrong',
      response: (res) => {
        const body = bodyJson(res) as Body | undefined;
        if (res.status !== 422 || !Array.isArray(body?.errors)) return;
        return withJson(res, {
          ...body,
          errors: body.errors.map((e: Body) => ({ ...e, field: String(e.field).replace(/^body[.[].*$/, 'body') })),
        });
      },
    },
  },
  {
    area: 'generated',
    only: '^createContact$',
    caughtBy: ['positive-data-accepted'],
    fault: {
      id: 'non-ascii-body-unreadable',
      description: 'a valid body holding non-ASCII text is refused as unreadable (400 MALFORMED_REQUEST)',
      response: (res, req) =>
        res.status < 300 && nonAscii(req)
          ? asProblem(res, 400, 'MALFORMED_REQUEST', 'Malformed request', 'The request body is not valid JSON.')
          : undefined,
    },
  },
];

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));
}
