// Dredd hooks (Node.js, loaded by Dredd with `require('hooks')`). They apply the plan that
// dredd/run.ts wrote (dredd/plan.ts decides it): each transaction replays one documented example
// pair with the key added, or is skipped with the plan's reason. Ids the server generates are
// learned from its answers and substituted for the spec's canonical ids in later requests, by the
// rules every replayer shares (openapi/tools/example-replay.ts, loaded through tsx); whether an
// answer passes stays Dredd's own verdict (status, headers, body keys).
// Environment: PARLEY_DREDD_PLAN (plan JSON), PARLEY_DREDD_KEY, PARLEY_DREDD_RESULTS (written at
// the end), PARLEY_DREDD_PREFER=1 to ask a Prism mock for the paired example.
const hooks = require('hooks');
const fs = require('node:fs');
const tsx = require('tsx/cjs/api');

/** @type {typeof import('../openapi/tools/example-replay.ts')} */
const replay = tsx.require('../openapi/tools/example-replay.ts', __filename);

const plan = JSON.parse(fs.readFileSync(process.env.PARLEY_DREDD_PLAN, 'utf8'));
const key = process.env.PARLEY_DREDD_KEY || '';
const prefer = process.env.PARLEY_DREDD_PREFER === '1';
const byKey = new Map(plan.entries.map((e, i) => [e.key, { ...e, index: i }]));
/** @type {import('../openapi/tools/example-replay.ts').IdMap} canonical id in the spec → id the server really returned */
const ids = new Map();
const canonical = { all: new Set(plan.canonicalIds.all), created: new Set(plan.canonicalIds.created) };
const results = [];
let waitUntil = 0; // set when the last answer left no request in its rate-limit window

const keyOf = (t) => `${t.origin.apiName} ${t.request.method} ${t.origin.resourceName} ${t.expected.statusCode}`;

function header(headers, name) {
  const found = Object.keys(headers || {}).find((h) => h.toLowerCase() === name.toLowerCase());
  return found === undefined ? undefined : headers[found];
}

hooks.beforeAll((transactions, done) => {
  const rank = (t) => (byKey.has(keyOf(t)) ? byKey.get(keyOf(t)).index : Number.MAX_SAFE_INTEGER);
  transactions.sort((a, b) => rank(a) - rank(b));
  done();
});

hooks.beforeEach((t, done) => {
  const entry = byKey.get(keyOf(t));
  if (!entry || entry.skip) {
    t.skip = true;
    t.parleySkip = entry ? entry.skip : 'not in the plan (the spec changed since the plan was built)';
    return done();
  }
  const req = replay.substitute(entry.request.example, ids);
  const prefix = t.fullPath.endsWith(t.request.uri) ? t.fullPath.slice(0, t.fullPath.length - t.request.uri.length) : '';
  t.request.uri = replay.requestTarget(entry.request.path, req);
  t.fullPath = prefix + t.request.uri;
  const headers = { 'User-Agent': header(t.request.headers, 'User-Agent') || 'Dredd', Accept: entry.expected.mediaType };
  if (key) headers.Authorization = `Bearer ${key}`;
  for (const [h, v] of Object.entries(req.header)) headers[h] = String(v);
  if (req.body !== undefined) headers['Content-Type'] = entry.request.mediaType || 'application/json';
  if (prefer) headers.Prefer = `code=${entry.status}, example=${entry.example}`;
  t.request.headers = headers;
  t.request.body = req.body === undefined ? '' : JSON.stringify(req.body);
  t.expected.headers = Object.fromEntries([['Content-Type', entry.expected.mediaType], ...entry.expected.headers.map((h) => [h, ''])]);
  t.expected.body = JSON.stringify(entry.expected.body);
  delete t.expected.bodySchema;
  const wait = waitUntil - Date.now();
  if (wait > 0) {
    hooks.log(`rate limit exhausted: waiting ${Math.ceil(wait / 1000)} s before ${t.name}`);
    return setTimeout(done, wait);
  }
  done();
});

hooks.afterEach((t, done) => {
  const entry = byKey.get(keyOf(t));
  const status = t.skip ? 'skip' : t.test?.status ? t.test.status : 'fail';
  results.push({
    name: t.name,
    operationId: entry ? entry.operationId : undefined,
    status: entry ? entry.status : t.expected.statusCode,
    example: entry ? entry.example : undefined,
    result: status,
    message: t.skip ? t.parleySkip || 'skipped' : t.test?.message || '',
  });
  if (!t.skip && t.real) {
    const remaining = Number(header(t.real.headers, 'X-RateLimit-Remaining'));
    const retryAfter = Number(header(t.real.headers, 'Retry-After'));
    const reset = Number(header(t.real.headers, 'X-RateLimit-Reset'));
    if (t.real.statusCode === 429 && retryAfter > 0) waitUntil = Date.now() + Math.min(retryAfter, 61) * 1000;
    else if (remaining === 0 && reset > 0) waitUntil = Math.min(reset * 1000 + 500, Date.now() + 61_000);
    if (entry && t.real.statusCode >= 200 && t.real.statusCode < 300) {
      try {
        replay.learnIds({ status: entry.status, value: entry.expected.body }, JSON.parse(t.real.body), ids, canonical);
      } catch {
        // not JSON: nothing to learn
      }
    }
  }
  done();
});

hooks.afterAll((_transactions, done) => {
  if (process.env.PARLEY_DREDD_RESULTS)
    fs.writeFileSync(process.env.PARLEY_DREDD_RESULTS, JSON.stringify({ results, ids: Object.fromEntries(ids) }, null, 1));
  done();
});
