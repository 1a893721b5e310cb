// The keys a run needs, minted through the API's own key endpoints with the admin key: workers
// that share the example load (so no limit trips by accident) and narrow, restricted, revoked or
// expiring keys for the probes. Every key minted is revoked at the end, whatever happened.
// The key operations are found in the spec: the POST that answers a `secret` and takes `scopes`,
// and the operations its links name (revoke = the DELETE one).
import { randomUUID } from 'node:crypto';
import { contractModel, IDEMPOTENCY_HEADER } from '../../openapi/tools/contract-model.js';
import { resolveRef, type Spec, type SpecOperation } from '../../openapi/tools/spec.js';
import type { RateBudget } from './budget.js';
import { buildRequest, type Presented } from './client.js';
import { contractOf } from './contract.js';
import type { SendResult } from './http.js';
import type { HttpRequest, Json } from './types.js';

export interface MintedKey {
  id?: string;
  secret: string;
  scopes: string[];
  label: string;
  purpose: string;
  /** Unix ms after which the key has expired (expiring keys only). */
  expiresAt?: number;
  /** The key that minted this one, when not the admin's (it also revokes it, sparing the admin's limit). */
  mintedBy?: MintedKey;
}

export interface MintOptions {
  scopes?: string[];
  allowedIps?: string[];
  expiresInMs?: number;
  label?: string;
  /** A minted key to mint with instead of the admin key (it also revokes what it minted). */
  by?: MintedKey;
}

export interface KeyOperations {
  mint?: SpecOperation;
  revoke?: SpecOperation;
  list?: SpecOperation;
}

const schemaOf = (spec: Spec, node: Json | undefined) => (node ? resolveRef(spec, node) : undefined);

export function locateKeyOperations(spec: Spec, ops: SpecOperation[]): KeyOperations {
  const answersSecret = (so: SpecOperation) =>
    Object.entries<Json>(so.op.responses ?? {}).some(
      ([s, r]) => /^2/.test(s) && Object.values<Json>(r.content ?? {}).some((m) => schemaOf(spec, m.schema)?.properties?.secret),
    );
  const mint = ops.find(
    (so) =>
      so.method === 'post' &&
      !so.path.includes('{') &&
      answersSecret(so) &&
      Object.values<Json>(so.op.requestBody?.content ?? {}).some((m) => schemaOf(spec, m.schema)?.properties?.scopes),
  );
  if (!mint) return {};
  const linked = Object.values<Json>(mint.op.responses ?? {})
    .flatMap((r) => Object.values<Json>(r.links ?? {}))
    .map((l) => ops.find((o) => o.operationId === l.operationId));
  return {
    mint,
    revoke: linked.find((o) => o?.method === 'delete'),
    list: ops.find((so) => so.method === 'get' && so.path === mint.path),
  };
}

export interface KeysEnv {
  baseUrl: string;
  spec: Spec;
  ops: SpecOperation[];
  admin: string;
  send: (req: HttpRequest) => Promise<SendResult>;
  budget: RateBudget;
  /** Server clock minus this machine's, in ms. */
  clockOffset: () => number;
  runId: string;
  note: (message: string) => void;
}

export class Keys {
  readonly ops: KeyOperations;
  adminScopes: string[] = [];
  workers: MintedKey[] = [];
  private readonly minted: MintedKey[] = [];
  private readonly admin: MintedKey;

  constructor(private readonly env: KeysEnv) {
    this.ops = locateKeyOperations(env.spec, env.ops);
    this.admin = { secret: env.admin, scopes: [], label: '$CONTRACT_KEY', purpose: 'admin' };
    this.workers = [this.admin];
  }

  get canMint(): boolean {
    return Boolean(this.ops.mint && this.ops.revoke);
  }

  /** Scopes the API knows (the contract model's registry). */
  get allScopes(): string[] {
    return contractModel(this.env.spec).scopes.map((s) => s.name);
  }

  /** What the admin key may do: its entry in the key list (matched by prefix), else every scope. */
  async discoverAdminScopes(): Promise<string[]> {
    this.adminScopes = this.allScopes;
    const list = this.ops.list;
    if (list) {
      const r = await this.env.send(
        buildRequest(this.env.baseUrl, list.method, list.path, { query: { limit: 100 } }, this.adminPresented()),
      );
      const items = (r.response?.json as Json)?.data;
      if (Array.isArray(items)) {
        const mine = items.find((k: Json) => typeof k.prefix === 'string' && k.prefix.length >= 8 && this.env.admin.startsWith(k.prefix));
        if (Array.isArray(mine?.scopes)) this.adminScopes = mine.scopes;
      }
    }
    this.admin.scopes = this.adminScopes;
    return this.adminScopes;
  }

  adminPresented(): Presented {
    return { credential: { kind: 'valid', via: 'bearer', label: '$CONTRACT_KEY', scopes: this.adminScopes }, secret: this.env.admin };
  }

  /** Mints a key with the admin key (or `opts.by`); throws with the server's answer when it cannot. */
  async mint(purpose: string, opts: MintOptions = {}): Promise<MintedKey> {
    const mint = this.ops.mint;
    if (!mint) throw new Error('the spec has no operation that mints API keys');
    const body: Json = { name: `parley-contract ${this.env.runId} ${purpose}`.slice(0, 100), scopes: opts.scopes ?? this.adminScopes };
    if (opts.allowedIps) body.allowed_ips = opts.allowedIps;
    let expiresAt: number | undefined;
    if (opts.expiresInMs !== undefined) {
      expiresAt = Date.now() + this.env.clockOffset() + opts.expiresInMs;
      body.expires_at = new Date(Math.ceil(expiresAt / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    }
    const minter = opts.by ? presentedBy(opts.by) : this.adminPresented();
    const r = await this.env.send(
      buildRequest(this.env.baseUrl, mint.method, mint.path, { body, header: { [IDEMPOTENCY_HEADER]: randomUUID() } }, minter),
    );
    const json = r.response?.json as Json | undefined;
    if (!r.response || r.response.status >= 300 || typeof json?.secret !== 'string') {
      const why = r.error
        ? r.error.message
        : `${r.response?.status} ${json?.code ?? ''} ${json?.detail ?? r.response?.text.slice(0, 120) ?? ''}`;
      throw new Error(`cannot mint the ${purpose} key: ${why.trim()}`);
    }
    const key: MintedKey = {
      id: json.id,
      secret: json.secret,
      scopes: json.scopes ?? body.scopes,
      label: opts.label ?? '$CONTRACT_KEY',
      purpose,
      ...(expiresAt ? { expiresAt: Math.ceil(expiresAt / 1000) * 1000 } : {}),
    };
    if (opts.by) key.mintedBy = opts.by;
    this.minted.push(key);
    return key;
  }

  /** Revokes a key: by `helpers` first (its minter, itself …), by the admin key when none of them can. */
  async revoke(key: MintedKey, helpers: MintedKey[] = []): Promise<void> {
    const revoke = this.ops.revoke;
    if (!revoke || !key.id) return;
    const param = /\{([^}]+)\}/.exec(revoke.path)?.[1] ?? 'id';
    const send = (presented: Presented) =>
      this.env.send(buildRequest(this.env.baseUrl, revoke.method, revoke.path, { path: { [param]: key.id } }, presented));
    for (const by of helpers) {
      const r = await send(presentedBy(by));
      if (r.response && (r.response.status < 300 || r.response.status === 409)) return;
    }
    await send(this.adminPresented());
  }

  /** The key holds the scope the revoke operation requires. */
  private mayRevoke(key: MintedKey): boolean {
    const needed = this.ops.revoke && contractOf(this.env.spec, this.ops.revoke).scope;
    return !needed || key.scopes.includes(needed);
  }

  /**
   * Revokes every key this run minted (in parallel; failures are reported, never thrown), sparing
   * the admin key's limit, which cleanup spends too: a key goes by its minter, else by itself when
   * it may revoke keys ("a key may revoke itself"), else by a worker; the admin key is the last resort.
   * Workers and minters go last, once nothing needs them.
   */
  async revokeAll(): Promise<number> {
    const keys = this.minted.splice(0);
    const workers = new Set(this.workers);
    const revokers = new Set(keys.flatMap((k) => (k.mintedBy ? [k.mintedBy] : [])));
    const helpers = this.workers.filter((w) => w.id && this.mayRevoke(w));
    const chain = (k: MintedKey, i: number) => [
      ...(k.mintedBy ? [k.mintedBy] : []),
      ...(this.mayRevoke(k) ? [k] : []),
      ...(helpers.length && !workers.has(k) ? [helpers[i % helpers.length]] : []),
    ];
    const batch = (list: MintedKey[]) => Promise.allSettled(list.map((k, i) => this.revoke(k, chain(k, i))));
    const results = [
      ...(await batch(keys.filter((k) => !workers.has(k) && !revokers.has(k)))),
      ...(await batch(keys.filter((k) => workers.has(k) || revokers.has(k)))),
    ];
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed) this.env.note(`could not revoke ${failed} minted keys`);
    return keys.length - failed;
  }

  mintedCount(): number {
    return this.minted.length;
  }

  /** Mints `n` all-scope worker keys; falls back to the admin key alone when minting is impossible. */
  async mintWorkers(n: number): Promise<void> {
    if (!this.canMint || n < 1) return;
    const minted = await Promise.allSettled(Array.from({ length: n }, (_, i) => this.mint(`worker ${i + 1}`)));
    const ok = minted.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = minted.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed)
      this.env.note(`${(failed.reason as Error).message}; running on ${ok.length ? `${ok.length} worker keys` : 'the admin key alone'}`);
    if (ok.length) this.workers = ok;
  }

  /** A worker with room on the given per-key policies, waiting for one if every key is busy. */
  async acquire(policies: readonly string[], signal?: AbortSignal): Promise<MintedKey> {
    const { budget } = this.env;
    const names = budget.keyPolicies(policies);
    for (;;) {
      let best: MintedKey | undefined;
      let room = -Infinity;
      for (const w of this.workers) {
        const h = names.length ? budget.headroom(w.label + w.secret, names) : 1;
        if (h > room) [best, room] = [w, h];
      }
      if (best && room > 0) {
        budget.record(best.label + best.secret, names);
        return best;
      }
      const wait = Math.min(...this.workers.map((w) => budget.waitFor(w.label + w.secret, names)));
      if (signal?.aborted) throw new Error('aborted');
      await new Promise((r) => setTimeout(r, Math.max(50, Math.min(wait, 1000))));
    }
  }
}

export function presentedBy(
  key: MintedKey,
  via: Presented['credential']['via'] = 'bearer',
  kind: Presented['credential']['kind'] = 'valid',
): Presented {
  return { credential: { kind, via, label: key.label, scopes: key.scopes }, secret: key.secret };
}
