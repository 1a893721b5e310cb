// Everything a run creates is undone at its end. Resources are found three ways, all from the
// spec: (1) each successful create answers links to the operations that end what it created
// (DeleteAgent, HangupCall, RevokeApiKey …); (2) collections that gain items the run cannot name
// (a bulk import) are listed before and after, and the new items deleted; (3) account-wide
// singletons the run replaces (the IP allowlist) are read first and put back.
import { resolveRef, type Spec, type SpecOperation } from '../../openapi/tools/spec.js';
import { buildRequest, isOtherAccount, type Presented } from './client.js';
import type { SendResult } from './http.js';
import { isEndingOperation } from './plan/classify.js';
import type { HttpRequest, Json } from './types.js';

interface Ending {
  op: SpecOperation;
  path: Json;
}

interface Created {
  id: string;
  endings: Ending[];
  presented: Presented;
}

export interface CleanupEnv {
  baseUrl: string;
  spec: Spec;
  ops: SpecOperation[];
  send: (req: HttpRequest) => Promise<SendResult>;
  /** The admin key: reads before the run (snapshots), when no worker key exists yet. */
  admin: () => Presented;
  /**
   * A worker key with room on the operation's limits: endings, sweeps and restores spend the
   * workers' budgets, never the admin key's (which minting alone can use up on a long run).
   */
  worker: (so: SpecOperation) => Promise<Presented>;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `$response.body#/id` → the value at that pointer of the body. */
function linkValue(expr: unknown, body: unknown): unknown {
  if (typeof expr !== 'string' || !expr.startsWith('$response.body#')) return expr;
  return expr
    .slice('$response.body#'.length)
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((acc, k) => (isObject(acc) ? acc[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), body);
}

/** The operations a create's links name that end what it created, with their path parameters. */
export function endingsOf(so: SpecOperation, status: number, body: unknown, ops: SpecOperation[]): Ending[] {
  const response = so.op.responses?.[String(status)] ?? so.op.responses?.[`${String(status)[0]}XX`];
  const out: Ending[] = [];
  for (const link of Object.values<Json>(response?.links ?? {})) {
    const op = ops.find((o) => o.operationId === link.operationId);
    if (!op || !isEndingOperation(op.method, op.operationId)) continue;
    const path = Object.fromEntries(
      Object.entries<Json>(link.parameters ?? {}).map(([k, v]) => [k.replace(/^path\./, ''), linkValue(v, body)]),
    );
    if (Object.values(path).every((v) => v !== undefined)) out.push({ op, path });
  }
  return out;
}

/** The GETs a create's links name: reading a new resource once settles it (test-mode transitions). */
export function readsOf(so: SpecOperation, status: number, body: unknown, ops: SpecOperation[]): Ending[] {
  const response = so.op.responses?.[String(status)];
  const out: Ending[] = [];
  for (const link of Object.values<Json>(response?.links ?? {})) {
    const op = ops.find((o) => o.operationId === link.operationId && o.method === 'get');
    if (!op) continue;
    out.push({
      op,
      path: Object.fromEntries(Object.entries<Json>(link.parameters ?? {}).map(([k, v]) => [k.replace(/^path\./, ''), linkValue(v, body)])),
    });
  }
  return out;
}

/** A value reduced to what a request schema accepts (a GET answer turned into its PUT body). */
export function pruneTo(spec: Spec, schemaIn: Json | undefined, value: unknown): unknown {
  if (!schemaIn) return value;
  const schema = resolveRef(spec, schemaIn);
  if (Array.isArray(value)) return schema.items ? value.map((v) => pruneTo(spec, schema.items, v)) : value;
  if (isObject(value) && schema.properties) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k in schema.properties)
        .map(([k, v]) => [k, pruneTo(spec, schema.properties[k], v)]),
    );
  }
  return value;
}

export class Cleanup {
  private readonly created: Created[] = [];
  private readonly ended = new Set<string>();
  private readonly singletons: Array<{ put: SpecOperation; body: unknown }> = [];
  private readonly collections: Array<{ list: SpecOperation; remove: SpecOperation; param: string; before: Set<string> }> = [];

  constructor(private readonly env: CleanupEnv) {}

  /** Remembers what a successful response created, if its links say how to end it. */
  /** Answers the id when this response created something new (not a replay, not an action). */
  register(so: SpecOperation, status: number, body: unknown, presented: Presented, sent: unknown): string | undefined {
    if (so.method !== 'post' || status >= 300 || !isObject(body) || typeof body.id !== 'string') return undefined;
    if (this.created.some((c) => c.id === body.id) || JSON.stringify(sent ?? '').includes(body.id)) return undefined;
    const endings = endingsOf(so, status, body, this.env.ops);
    if (!endings.length) return undefined;
    this.created.push({ id: body.id, endings, presented });
    return body.id;
  }

  /** Ends one created resource now (probes that create as a side effect clean up at once). */
  async end(id: string): Promise<void> {
    const c = this.created.find((x) => x.id === id);
    if (c && !this.ended.has(id)) await this.endOne(c);
  }

  /** A probe ended this resource itself (through its documented ending): nothing left to do. */
  markEnded(id: string): void {
    this.ended.add(id);
  }

  /** Sends one ending; the other account's resources are ended with the other account's key. */
  private async call(e: Ending, owner?: Presented): Promise<number | undefined> {
    const presented = owner ?? (await this.env.worker(e.op));
    const r = await this.env.send(buildRequest(this.env.baseUrl, e.op.method, e.op.path, { path: e.path }, presented));
    return r.response?.status;
  }

  private async endOne(c: Created): Promise<void> {
    this.ended.add(c.id);
    const deletes = c.endings.filter((e) => e.op.method === 'delete');
    const others = c.endings.filter((e) => e.op.method !== 'delete');
    const owner = isOtherAccount(c.presented.credential) ? c.presented : undefined;
    if (!deletes.length) {
      for (const e of others) await this.call(e, owner);
      return;
    }
    for (const d of deletes) {
      // A delete refused because the resource is busy (a running campaign) goes after the pause.
      if ((await this.call(d, owner)) === 409) {
        for (const e of others) await this.call(e, owner);
        await this.call(d, owner);
      }
    }
  }

  /** Reads account-wide singletons and collections the plan writes to, before it runs. */
  async snapshot(writes: Array<{ method: string; path: string }>): Promise<void> {
    const { ops } = this.env;
    for (const put of ops.filter(
      (o) => o.method === 'put' && !o.path.includes('{') && writes.some((w) => w.method === 'put' && w.path === o.path),
    )) {
      const get = ops.find((o) => o.method === 'get' && o.path === put.path);
      if (!get) continue;
      const r = await this.env.send(buildRequest(this.env.baseUrl, 'get', get.path, {}, this.env.admin()));
      const schema = Object.values<Json>(put.op.requestBody?.content ?? {})[0]?.schema;
      if (r.response?.status === 200 && r.response.json !== undefined)
        this.singletons.push({ put, body: pruneTo(this.env.spec, schema, r.response.json) });
    }
    for (const list of ops.filter((o) => o.method === 'get' && !o.path.includes('{'))) {
      const remove = ops.find(
        (o) => o.method === 'delete' && new RegExp(`^${list.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}/\\{[^}]+\\}$`).test(o.path),
      );
      if (!remove || !writes.some((w) => w.method === 'post' && w.path.startsWith(`${list.path}/`) && !w.path.includes('{'))) continue;
      const ids = await this.listIds(list);
      if (ids) this.collections.push({ list, remove, param: /\{([^}]+)\}/.exec(remove.path)![1], before: ids });
    }
  }

  private async listIds(list: SpecOperation): Promise<Set<string> | undefined> {
    const ids = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await this.env.send(
        buildRequest(
          this.env.baseUrl,
          'get',
          list.path,
          { query: { limit: 100, ...(after ? { starting_after: after } : {}) } },
          this.env.admin(),
        ),
      );
      const json = r.response?.json as Json | undefined;
      if (!Array.isArray(json?.data)) return page ? ids : undefined;
      for (const item of json.data) if (typeof item?.id === 'string') ids.add(item.id);
      after = json.next_cursor ?? json.data.at(-1)?.id;
      if (!json.has_more || !after) break;
    }
    return ids;
  }

  /** Ends everything created (newest first), deletes new collection items, restores singletons. */
  async run(): Promise<{ ended: number; swept: number; restored: number }> {
    let ended = 0;
    for (const c of [...this.created].reverse()) {
      if (this.ended.has(c.id)) continue;
      await this.endOne(c).catch(() => undefined);
      ended++;
    }
    let swept = 0;
    for (const col of this.collections) {
      const now = await this.listIds(col.list);
      for (const id of now ?? []) {
        if (col.before.has(id) || this.ended.has(id)) continue;
        await this.call({ op: col.remove, path: { [col.param]: id } }).catch(() => undefined);
        swept++;
      }
    }
    let restored = 0;
    for (const s of this.singletons) {
      const r = await this.env.send(buildRequest(this.env.baseUrl, 'put', s.put.path, { body: s.body }, await this.env.worker(s.put)));
      if (r.response && r.response.status < 300) restored++;
    }
    return { ended, swept, restored };
  }
}
