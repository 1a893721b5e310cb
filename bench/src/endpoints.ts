// The requests the throughput phase measures, and how each server is prepared for them: an
// authenticated read (GET /v1/account), an idempotent create (POST /v1/messages with a fresh
// Idempotency-Key, then replays of that key) and a page of a list (GET /v1/contacts with `limit` and
// the first page's cursor, after seeding contacts). The stub's answers are recorded here, so that the
// bare server sends the same status, headers and body.
import type { LoadOptions } from './load.js';
import type { BareRoute, RecordedAnswer } from './servers.js';

export type EndpointId = 'account' | 'idempotent-post' | 'list-page';

export interface EndpointRequest {
  id: EndpointId;
  /** What the table calls it. */
  label: string;
  method: string;
  /** Path and query: the list's cursor is each server's own. */
  path: string;
  headers: Record<string, string>;
  idempotency?: LoadOptions['idempotency'];
}

/** Each Idempotency-Key is sent once to create and then this many times more (replays). */
export const REPLAYS_PER_KEY = 2;
/** Contacts seeded before the list is measured, and the page size. */
export const SEEDED_CONTACTS = 25;
export const PAGE_LIMIT = 10;

const MESSAGE_TEMPLATE = '{"to":"+14155550123","from":"+14155550100","body":"Bench message {key}"}';

export const LABELS: Record<EndpointId, string> = {
  account: 'GET /v1/account',
  'idempotent-post': `POST /v1/messages (Idempotency-Key: 1 create + ${REPLAYS_PER_KEY} replays)`,
  'list-page': `GET /v1/contacts?limit=${PAGE_LIMIT}&starting_after=… (page 2)`,
};

/** Headers the bare server does not copy: node:http writes its own Date and framing. */
const NOT_COPIED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

async function send(url: string, init: RequestInit): Promise<RecordedAnswer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!NOT_COPIED.has(name)) headers[name] = value;
  });
  return { status: res.status, headers, body };
}

function expectStatus(what: string, answer: RecordedAnswer, status: number): RecordedAnswer {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, not ${status}: ${answer.body.slice(0, 160)}`);
  return answer;
}

export interface PreparedServer {
  requests: EndpointRequest[];
  /** The answers the requests got, for the bare server. */
  routes: BareRoute[];
}

/**
 * Prepares a stub at `url` for the measured requests: seeds contacts, finds page 2's cursor, and
 * records one answer of each (the POST: a create and a replay, with a key of its own). `name` only
 * tags the seeded data.
 */
export async function prepareStub(url: string, auth: Record<string, string>, name: string): Promise<PreparedServer> {
  const json = { ...auth, Accept: 'application/json' };
  const post = { ...json, 'Content-Type': 'application/json' };
  const account = expectStatus(`${name}: GET /v1/account`, await send(`${url}/v1/account`, { headers: json }), 200);

  const key = `bench-record-${Date.now().toString(36)}`;
  const body = MESSAGE_TEMPLATE.replaceAll('{key}', key);
  const create = expectStatus(
    `${name}: POST /v1/messages`,
    await send(`${url}/v1/messages`, { method: 'POST', headers: { ...post, 'Idempotency-Key': key }, body }),
    201,
  );
  const replay = expectStatus(
    `${name}: POST /v1/messages (replay)`,
    await send(`${url}/v1/messages`, { method: 'POST', headers: { ...post, 'Idempotency-Key': key }, body }),
    201,
  );
  if (replay.headers['idempotent-replayed'] !== 'true') throw new Error(`${name}: a repeated Idempotency-Key was not replayed`);

  for (let i = 0; i < SEEDED_CONTACTS; i++) {
    const contact = { phone_number: `+1415556${String(1000 + i).padStart(4, '0')}`, first_name: 'Bench', last_name: `Contact ${i}` };
    const r = await send(`${url}/v1/contacts`, { method: 'POST', headers: post, body: JSON.stringify(contact) });
    if (r.status !== 201 && r.status !== 409) expectStatus(`${name}: POST /v1/contacts`, r, 201);
  }
  const first = expectStatus(`${name}: GET /v1/contacts`, await send(`${url}/v1/contacts?limit=${PAGE_LIMIT}`, { headers: json }), 200);
  const cursor = (JSON.parse(first.body) as { next_cursor?: string | null }).next_cursor;
  if (!cursor)
    throw new Error(`${name}: GET /v1/contacts?limit=${PAGE_LIMIT} gave no next_cursor after seeding ${SEEDED_CONTACTS} contacts`);
  const listPath = `/v1/contacts?limit=${PAGE_LIMIT}&starting_after=${encodeURIComponent(cursor)}`;
  const page = expectStatus(`${name}: GET ${listPath}`, await send(url + listPath, { headers: json }), 200);

  return {
    requests: [
      { id: 'account', label: LABELS.account, method: 'GET', path: '/v1/account', headers: json },
      {
        id: 'idempotent-post',
        label: LABELS['idempotent-post'],
        method: 'POST',
        path: '/v1/messages',
        headers: post,
        idempotency: { replays: REPLAYS_PER_KEY, bodyTemplate: MESSAGE_TEMPLATE },
      },
      { id: 'list-page', label: LABELS['list-page'], method: 'GET', path: listPath, headers: json },
    ],
    routes: [
      { method: 'GET', path: '/v1/account', first: account },
      { method: 'POST', path: '/v1/messages', first: create, replay },
      { method: 'GET', path: '/v1/contacts', first: page },
    ],
  };
}
