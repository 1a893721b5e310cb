// Dredd hooks (Node.js, loaded by Dredd with `require('hooks')`). They apply the plan that
// dredd/run.ts wrote (dredd/plan.ts decides it): each transaction replays one documented example
// pair with the key added, or is skipped with the plan's reason. Ids the server generates are
// learned from its answers and substituted for the spec's canonical ids in later requests.
// Environment: PARLEY_DREDD_PLAN (plan JSON), PARLEY_DREDD_KEY, PARLEY_DREDD_RESULTS (written at
// the end), PARLEY_DREDD_PREFER=1 to ask a Prism mock for the paired example.
const hooks = require('hooks');
const fs = require('node:fs');

const plan = JSON.parse(fs.readFileSync(process.env.PARLEY_DREDD_PLAN, 'utf8'));
const key = process.env.PARLEY_DREDD_KEY || '';
const prefer = process.env.PARLEY_DREDD_PREFER === '1';
const byKey = new Map(plan.entries.map((e, i) => [e.key, { ...e, index: i }]));
const ids = new Map(); // canonical id in the spec → id the server really generated
const results = [];
let waitUntil = 0; // set when the last answer left no request in its rate-limit window

const ID = /^([a-z]+)_[A-Za-z0-9]{16,32}$/;
const UNKNOWN = /^[a-z]+_0{16,32}$/;
const keyOf = (t) => `${t.origin.apiName} ${t.request.method} ${t.origin.resourceName} ${t.expected.statusCode}`;
const mapIds = (text) => {
  let out = text;
  for (const [canonical, real] of ids) out = out.split(canonical).join(real);
  return out;
};

const created = new Set(plan.createdPrefixes);

/** Remembers `documented` → `received` when both are ids of one kind and differ. */
function learnId(documented, received, allowCreated) {
  const a = ID.exec(documented);
  const b = ID.exec(received);
  if (!a || !b || a[1] !== b[1] || documented === received || UNKNOWN.test(documented) || ids.has(documented)) return;
  if (created.has(a[1]) && !allowCreated) return;
  ids.set(documented, received);
}

/**
 * Walks the documented and the received body side by side. The top-level `id` of a created
 * resource is learned from its creation; ids of kinds the API never creates (the seeded number)
 * anywhere in the body; ids of created kinds elsewhere never (a list's first item may be another
 * resource, such as the admin key).
 */
function learnIds(documented, received, isCreation, depth = 0) {
  if (typeof documented === 'string' && typeof received === 'string') return learnId(documented, received, false);
  if (Array.isArray(documented) && Array.isArray(received)) {
    for (let i = 0; i < Math.min(documented.length, received.length); i++) learnIds(documented[i], received[i], false, depth + 1);
    return;
  }
  if (documented && received && typeof documented === 'object' && typeof received === 'object') {
    for (const k of Object.keys(documented)) {
      if (!(k in received)) continue;
      if (depth === 0 && k === 'id' && isCreation && typeof documented.id === 'string' && typeof received.id === 'string') learnId(documented.id, received.id, true);
      else learnIds(documented[k], received[k], false, depth + 1);
    }
  }
}

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
  const req = entry.request;
  const prefix = t.fullPath.endsWith(t.request.uri) ? t.fullPath.slice(0, t.fullPath.length - t.request.uri.length) : '';
  t.request.uri = mapIds(req.uri);
  t.fullPath = prefix + t.request.uri;
  const headers = { 'User-Agent': header(t.request.headers, 'User-Agent') || 'Dredd', Accept: entry.expected.mediaType };
  if (key) headers.Authorization = `Bearer ${key}`;
  for (const [h, v] of Object.entries(req.headers)) headers[h] = mapIds(v);
  if (req.body !== undefined) headers['Content-Type'] = req.mediaType || 'application/json';
  if (prefer) headers.Prefer = `code=${entry.status}, example=${entry.example}`;
  t.request.headers = headers;
  t.request.body = req.body === undefined ? '' : mapIds(req.body);
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
  const status = t.skip ? 'skip' : t.test && t.test.status ? t.test.status : 'fail';
  results.push({
    name: t.name,
    operationId: entry ? entry.operationId : undefined,
    status: entry ? entry.status : t.expected.statusCode,
    example: entry ? entry.example : undefined,
    result: status,
    message: t.skip ? t.parleySkip || 'skipped' : (t.test && t.test.message) || '',
  });
  if (!t.skip && t.real) {
    const remaining = Number(header(t.real.headers, 'X-RateLimit-Remaining'));
    const retryAfter = Number(header(t.real.headers, 'Retry-After'));
    const reset = Number(header(t.real.headers, 'X-RateLimit-Reset'));
    if (t.real.statusCode === 429 && retryAfter > 0) waitUntil = Date.now() + Math.min(retryAfter, 61) * 1000;
    else if (remaining === 0 && reset > 0) waitUntil = Math.min(reset * 1000 + 500, Date.now() + 61_000);
    if (entry && t.real.statusCode >= 200 && t.real.statusCode < 300) {
      try {
        learnIds(entry.expected.body, JSON.parse(t.real.body), entry.request.method === 'POST' && t.real.statusCode === 201);
      } catch {
        // not JSON: nothing to learn
      }
    }
  }
  done();
});

hooks.afterAll((transactions, done) => {
  if (process.env.PARLEY_DREDD_RESULTS) fs.writeFileSync(process.env.PARLEY_DREDD_RESULTS, JSON.stringify({ results, ids: Object.fromEntries(ids) }, null, 1));
  done();
});
