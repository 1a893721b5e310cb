// What every case and probe of one run shares: the spec, the id map, the keys, the cleanup
// registry, and `exchange`, the one way requests are sent (so every response teaches the budget
// its limits, every create is registered for cleanup, every secret is remembered).
import { randomBytes } from 'node:crypto';
import { type ContractModel, contractModel, type OperationContract } from '../../openapi/tools/contract-model.js';
import type { SchemaValidator } from '../../openapi/tools/schema-validator.js';
import type { Spec, SpecOperation } from '../../openapi/tools/spec.js';
import { RateBudget } from './budget.js';
import { Cleanup } from './cleanup.js';
import { buildRequest, type Inputs, OTHER_ACCOUNT_LABEL, type Presented } from './client.js';
import { policyNames } from './contract.js';
import { type SendResult, send } from './http.js';
import { Keys, type MintedKey, presentedBy } from './keys.js';
import type { CheckContext, CheckResult, Exchange, HttpRequest, Json, Plan, Profile } from './types.js';

export interface RunSettings {
  server: string;
  key: string;
  otherKey?: string;
  profile: Profile;
  concurrency: number;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Longest Retry-After (s) the runner waits out for a 429 it did not provoke. */
  maxRetryAfter: number;
  /** Largest limit the exhaustion probes will spend requests on. */
  maxExhaust: number;
  /** Seed of every generated input (printed on every run, so a failure replays with --seed). */
  seed: number;
  /** Generated inputs per operation and kind (negative, positive); 0 turns generation off. */
  generate: number;
  /** Webhook deliveries are checked (false with --no-webhooks). */
  webhooks: boolean;
  /** Where the webhook receiver listens (--receiver HOST:PORT); port 0 is any free port. */
  receiver: ReceiverAddress;
}

export interface ReceiverAddress {
  host: string;
  port: number;
}

/** A documentation range (RFC 5737) no client comes from: keys restricted to it must be refused. */
export const FOREIGN_RANGE = '198.51.100.0/24';
export const FOREIGN_ADDRESS = '198.51.100.7';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    const stop = () => {
      clearTimeout(t);
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
  });

export class RunEnv {
  readonly ids = new Map<string, string>();
  /** secret → the placeholder curl prints for it. */
  readonly secrets = new Map<string, string>();
  /** The contract's meaning (scopes, limits, idempotency …), the one way the runner reads it. */
  readonly model: ContractModel;
  readonly budget: RateBudget;
  readonly keys: Keys;
  readonly cleanup: Cleanup;
  /** Keys whose limit a probe exhausted, by policy. */
  readonly exhausted = new Map<string, MintedKey>();
  readonly runId = randomBytes(3).toString('hex');
  requests = 0;
  /** Requests that got an HTTP response (of any status); 0 at the end means nothing answered. */
  responses = 0;
  /** The first transport error of the run, for the "nothing answered" message. */
  firstError?: string;
  clockOffset = 0;
  /** Keys may have been minted: cleanup has work to do. */
  setUp = false;
  private readonly probeKeys = new Map<string, Promise<MintedKey>>();
  /** What the run opened beside its requests (the webhook receiver): closed by the runner's finish step. */
  private readonly closers: (() => Promise<void>)[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly settings: RunSettings,
    readonly spec: Spec,
    readonly validator: SchemaValidator,
    readonly plan: Plan,
    /** Runs checks on one exchange (checks/index.ts): probes that judge while they run (shrinking) use it. */
    readonly check: (ids: readonly string[], ctx: CheckContext, ex: Exchange) => CheckResult[],
    /** Aborts in-flight requests on interrupt; cleanup swaps in a fresh one with its own deadline. */
    public signal: AbortSignal,
    readonly onNote: (message: string) => void = () => undefined,
  ) {
    const ops = [...plan.ops.values()];
    this.model = contractModel(spec);
    this.budget = RateBudget.of(this.model.policies.values());
    const sendRaw = (req: HttpRequest) => this.sendRaw(req);
    this.keys = new Keys({
      baseUrl: settings.server,
      spec,
      ops,
      admin: settings.key,
      send: sendRaw,
      budget: this.budget,
      clockOffset: () => this.clockOffset,
      runId: this.runId,
      note: (m) => this.note(m),
    });
    this.cleanup = new Cleanup({
      baseUrl: settings.server,
      spec,
      ops,
      send: sendRaw,
      admin: () => this.keys.adminPresented(),
      worker: async (so) => presentedBy(await this.keys.acquire(policyNames(this.contract(so)), this.signal)),
    });
    this.secrets.set(settings.key, '$CONTRACT_KEY');
    if (settings.otherKey) this.secrets.set(settings.otherKey, OTHER_ACCOUNT_LABEL);
  }

  note(message: string): void {
    this.notes.push(message);
    this.onNote(message);
  }

  op(operationId: string): SpecOperation {
    const so = this.plan.ops.get(operationId);
    if (!so) throw new Error(`unknown operation ${operationId}`);
    return so;
  }

  /** What the contract model says of an operation: its scope, policies, limits, idempotency. */
  contract(so: Pick<SpecOperation, 'operationId'>): OperationContract {
    return this.model.operation(so.operationId);
  }

  async sendRaw(req: HttpRequest): Promise<SendResult> {
    this.requests++;
    const r = await send(req, { timeoutMs: this.settings.timeoutMs, maxBodyBytes: this.settings.maxBodyBytes, signal: this.signal });
    if (r.response) {
      this.responses++;
      this.budget.observe(r.response.headers['ratelimit-policy']);
    } else this.firstError ??= `${req.method} ${new URL(req.url).pathname}: ${r.error.message}`;
    return r;
  }

  /**
   * Sends one request of an operation. A 429 the caller did not provoke is waited out
   * (Retry-After) and the request sent once more; successful creates are registered for cleanup.
   */
  async exchange(
    so: SpecOperation,
    inputs: Inputs,
    presented: Presented,
    opts: { provoked?: boolean; headers?: Json } = {},
  ): Promise<Exchange> {
    const request = buildRequest(this.settings.server, so.method, so.path, inputs, presented, opts.headers);
    let r = await this.sendRaw(request);
    let retriedAfter429 = false;
    if (!opts.provoked && r.response?.status === 429) {
      const wait = Number(r.response.headers['retry-after']);
      if (Number.isFinite(wait) && wait >= 0 && wait <= this.settings.maxRetryAfter) {
        this.note(`${so.operationId}: waited ${wait}s after a 429 the runner did not provoke`);
        await sleep(wait * 1000 + 250, this.signal);
        r = await this.sendRaw(request);
        retriedAfter429 = true;
      }
    }
    const json = r.response?.json as Json | undefined;
    if (r.response && r.response.status < 300 && json && typeof json.secret === 'string' && !this.secrets.has(json.secret))
      this.secrets.set(json.secret, '$NEW_KEY_SECRET');
    const created = r.response ? this.cleanup.register(so, r.response.status, json, presented, [request.url, inputs.body]) : undefined;
    return {
      request,
      response: r.response,
      error: r.error,
      credential: presented.credential,
      ...(retriedAfter429 ? { retriedAfter429 } : {}),
      ...(created ? { created } : {}),
    };
  }

  /** A probe key, minted once per purpose and shared by every probe that needs it. */
  probeKey(purpose: string, mint: () => Promise<MintedKey>): Promise<MintedKey> {
    let p = this.probeKeys.get(purpose);
    if (!p) {
      p = mint().then((k) => {
        this.secrets.set(k.secret, k.label);
        return k;
      });
      p.catch(() => undefined);
      this.probeKeys.set(purpose, p);
    }
    return p;
  }

  sleep(ms: number): Promise<void> {
    return sleep(ms, this.signal);
  }

  /** Registers something to close when the run finishes (passed, failed or interrupted). */
  onFinish(close: () => Promise<void>): void {
    this.closers.push(close);
  }

  /** Closes everything registered with onFinish, each once, the latest first; never throws. */
  async closeAll(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        this.note(`closing failed: ${(err as Error).message}`);
      }
    }
  }
}
