// Crash safety (issue [8] item 3): the stub is killed with SIGKILL at random moments while clients
// stream writes at it, and restarted on the same SQLite file, again and again. Afterwards every
// acknowledged write must be there, a client that retries an unanswered idempotent request with
// its Idempotency-Key must get it applied exactly once, and SQLite's integrity check must pass.
import Database from 'better-sqlite3';
import { DEFAULT_ADMIN_KEY } from '../../server-stub/src/config.js';
import { type StubProcess, startStubProcess, tempDb } from '../../server-stub/src/testing/stub-process.js';

export interface CrashOptions {
  /** SIGKILLs (and restarts) in the run. */
  kills: number;
  /** Clients writing at once. */
  clients: number;
  seed: number;
  /** Longest a process lives before its kill, in ms (each life is drawn between 50 ms and this). */
  maxLifeMs?: number;
}

export interface CrashFigures {
  kills: number;
  /** Idempotent creates (POST /v1/api-keys with an Idempotency-Key): sent, answered before a kill, retried after one. */
  idempotent: { sent: number; acknowledged: number; retried: number; appliedTwice: number; missing: number };
  /** Plain creates (POST /v1/contacts): acknowledged, and of those not found afterwards. */
  plain: { acknowledged: number; lost: number };
  /** Requests cut off by a kill (no answer). */
  cutOff: number;
  /** Mean time from spawn to the first answer after a restart, ms. */
  meanRestartMs: number;
  /** PRAGMA integrity_check of the file afterwards ("ok" when intact). */
  integrity: string;
}

const auth = { authorization: `Bearer ${DEFAULT_ADMIN_KEY}`, 'content-type': 'application/json' };

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = { kind: 'answered'; status: number; json: unknown } | { kind: 'cut-off' };

async function send(url: string, init: RequestInit): Promise<Outcome> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return { kind: 'answered', status: res.status, json: text ? JSON.parse(text) : undefined };
  } catch {
    return { kind: 'cut-off' };
  }
}

const idOf = (json: unknown) => (json && typeof json === 'object' ? (json as { id?: unknown }).id : undefined);

/** Every object of a paginated list (limit 100, starting_after). */
async function listAll(base: string, path: string): Promise<Array<{ id: string; name?: string }>> {
  const out: Array<{ id: string; name?: string }> = [];
  let after: string | undefined;
  for (;;) {
    const res = await fetch(`${base}${path}?limit=100${after ? `&starting_after=${after}` : ''}`, { headers: auth });
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    const page = (await res.json()) as { data: Array<{ id: string; name?: string }>; has_more: boolean };
    out.push(...page.data);
    if (!page.has_more || page.data.length === 0) return out;
    after = page.data.at(-1)!.id;
  }
}

export async function crashSafety(options: CrashOptions): Promise<CrashFigures> {
  const rand = random(options.seed);
  const db = tempDb();
  // Limits scaled out of the way (this measures durability, not admission); a dead process's
  // claim on a key frees after 1 s instead of 60.
  const env = { STUB_DB: db, STUB_LIMIT_SCALE: '1000', STUB_IDEMPOTENCY_LEASE_SECONDS: '1' };
  /** Idempotency-Key → the key id its first answer named (undefined while unanswered). */
  const idempotent = new Map<string, string | undefined>();
  const contacts = new Set<string>();
  let retried = 0;
  let cutOff = 0;
  let next = 0;
  const restarts: number[] = [];

  const createKey = (base: string, key: string) =>
    send(`${base}/v1/api-keys`, {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': key },
      body: JSON.stringify({ name: `crash-${key}`, scopes: ['account:read'] }),
    });

  /** Retries every unanswered key until it is answered 201 (or a replay of it), 15 s at most each. */
  async function settle(base: string): Promise<void> {
    for (const [key, id] of idempotent) {
      if (id !== undefined) continue;
      retried++;
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await createKey(base, key);
        if (r.kind === 'answered' && r.status === 201) {
          idempotent.set(key, String(idOf(r.json)));
          break;
        }
        // 409 IDEMPOTENCY_IN_PROGRESS until the dead process's claim lapses.
        if (Date.now() > deadline) throw new Error(`Idempotency-Key ${key} still unanswered after 15 s: ${JSON.stringify(r)}`);
        await new Promise((res) => setTimeout(res, 200));
      }
    }
  }

  async function client(base: string, alive: () => boolean): Promise<void> {
    while (alive()) {
      const n = next++;
      if (n % 2 === 0) {
        const key = `crash-${options.seed}-${n}`;
        idempotent.set(key, undefined);
        const r = await createKey(base, key);
        if (r.kind === 'answered' && r.status === 201) idempotent.set(key, String(idOf(r.json)));
        else if (r.kind === 'cut-off') cutOff++;
      } else {
        const phone = `+1415${String(5_000_000 + n).padStart(7, '0')}`;
        const r = await send(`${base}/v1/contacts`, { method: 'POST', headers: auth, body: JSON.stringify({ phone_number: phone }) });
        if (r.kind === 'answered' && r.status === 201) contacts.add(String(idOf(r.json)));
        else if (r.kind === 'cut-off') cutOff++;
      }
    }
  }

  let child: StubProcess | undefined;
  try {
    for (let life = 0; life <= options.kills; life++) {
      const t = Date.now();
      child = await startStubProcess(env);
      const first = await send(`${child.url}/v1/account`, { headers: auth });
      if (first.kind !== 'answered' || first.status !== 200) throw new Error(`restart ${life}: GET /v1/account → ${JSON.stringify(first)}`);
      restarts.push(Date.now() - t);
      await settle(child.url);
      if (life === options.kills) break;
      let alive = true;
      const clients = Array.from({ length: options.clients }, () => client(child!.url, () => alive));
      await new Promise((res) => setTimeout(res, 50 + rand() * ((options.maxLifeMs ?? 500) - 50)));
      child.proc.kill('SIGKILL');
      await child.exited;
      alive = false;
      await Promise.all(clients);
    }
    const keys = await listAll(child!.url, '/v1/api-keys');
    const listedContacts = new Set((await listAll(child!.url, '/v1/contacts')).map((c) => c.id));
    const byName = new Map<string, string[]>();
    for (const k of keys) if (k.name?.startsWith('crash-')) byName.set(k.name, [...(byName.get(k.name) ?? []), k.id]);
    let appliedTwice = 0;
    let missing = 0;
    for (const [key, id] of idempotent) {
      const made = byName.get(`crash-${key}`) ?? [];
      if (made.length > 1) appliedTwice++;
      if (made.length === 0 || (id !== undefined && !made.includes(id))) missing++;
    }
    child!.proc.kill('SIGTERM');
    await child!.exited;
    child = undefined;
    const file = new Database(db, { readonly: true });
    const integrity = String((file.pragma('integrity_check', { simple: true }) as string) ?? '');
    file.close();
    return {
      kills: options.kills,
      idempotent: {
        sent: idempotent.size,
        acknowledged: [...idempotent.values()].filter((v) => v !== undefined).length - retried,
        retried,
        appliedTwice,
        missing,
      },
      plain: { acknowledged: contacts.size, lost: [...contacts].filter((id) => !listedContacts.has(id)).length },
      cutOff,
      meanRestartMs: Math.round(restarts.reduce((a, b) => a + b, 0) / Math.max(1, restarts.length)),
      integrity,
    };
  } finally {
    if (child && child.proc.exitCode === null) child.proc.kill('SIGKILL');
  }
}
