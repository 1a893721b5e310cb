// Valid variants of a conforming implementation: each changes something the contract leaves free
// (JSON key order and whitespace, header-name case, extra headers, chunked bodies, the page size a
// list uses when none is asked for). The runner must pass every one of them: a check that fails a
// control is stricter than the spec.
import { listOperations, loadSpec } from '../../../../openapi/tools/spec.js';
import { WEBHOOK_CASES } from './catalogue-webhooks.js';
import { bodyJson, type Fault, type ProxyRequest, type ProxyResponse, pathOf } from './proxy.js';

export interface Control {
  variant: Fault;
  /** Cases to run (--only); default: the whole plan. */
  only?: string;
  /** Checks that must pass at least (default 100: the whole plan passes thousands). */
  minPassed?: number;
}

const isJson = (res: ProxyResponse) => /json/i.test(res.headers['content-type'] ?? '') && res.body.length > 0;

/** Every object's keys in reverse order, recursively. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  return value;
}

/** Paths of the operations that take a page size (`limit`), as regular expressions. */
const paginated = listOperations(loadSpec())
  .filter(
    (so) =>
      so.method === 'get' && (so.op.parameters ?? []).some((p: { in?: string; name?: string }) => p.in === 'query' && p.name === 'limit'),
  )
  .map((so) => new RegExp(`^${so.path.replace(/\{[^}]+\}/g, '[^/]+')}$`));

/** A request to a paginated list that asks for no page size. */
const isListWithoutLimit = (req: ProxyRequest) =>
  req.method === 'GET' && paginated.some((re) => re.test(pathOf(req))) && !/[?&]limit=/.test(req.url);

export const CONTROLS: Control[] = [
  {
    variant: {
      id: 'json-key-order-and-whitespace',
      description: 'every JSON body has its keys in reverse order, pretty-printed with a trailing newline',
      response: (res) => {
        if (!isJson(res)) return;
        const json = bodyJson(res);
        return json === undefined ? undefined : { ...res, body: Buffer.from(`${JSON.stringify(reverseKeys(json), null, 2)}\n`) };
      },
    },
  },
  {
    variant: {
      id: 'header-name-case',
      description: 'every response header name is sent upper-cased (HTTP field names are case-insensitive)',
      response: (res) => ({ ...res, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toUpperCase(), v])) }),
    },
  },
  {
    variant: {
      id: 'extra-undocumented-headers',
      description: 'every response carries headers the spec does not document',
      response: (res) => ({
        ...res,
        headers: {
          ...res.headers,
          'x-powered-by': 'control',
          'cache-control': 'no-store',
          vary: 'Accept-Encoding',
          'strict-transport-security': 'max-age=63072000',
          'x-trace-id': 'abc123',
        },
      }),
    },
  },
  {
    variant: {
      id: 'chunked-bodies',
      description: 'every body is sent with Transfer-Encoding: chunked instead of Content-Length',
      response: (res) => ({ ...res, headers: { ...res.headers, 'transfer-encoding': 'chunked' } }),
    },
  },
  {
    variant: {
      id: 'other-default-page-size',
      description: "lists asked for no page size answer pages of 3 (documented range 1–100; the default is the server's)",
      request: (req) => (isListWithoutLimit(req) ? { ...req, url: `${req.url}${req.url.includes('?') ? '&' : '?'}limit=3` } : undefined),
    },
  },
  {
    only: WEBHOOK_CASES,
    minPassed: 20,
    variant: {
      id: 'webhook-extra-delivery-headers',
      description: 'every webhook delivery carries headers Standard Webhooks does not name (a proxy, a trace id)',
      delivery: (d) => ({
        send: [{ url: d.endpoint.original, headers: { ...d.headers, 'x-forwarded-by': 'control', 'x-trace-id': 'abc123' }, body: d.body }],
      }),
    },
  },
  {
    only: WEBHOOK_CASES,
    minPassed: 20,
    variant: {
      id: 'webhook-delivery-delayed',
      description: 'every webhook delivery arrives 200 ms late (deliveries are not ordered nor immediate)',
      delivery: (d) => ({ send: [{ url: d.endpoint.original, headers: d.headers, body: d.body, delayMs: 200 }] }),
    },
  },
];
