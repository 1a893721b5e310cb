// The run's phases. A phase starts when the one before it has finished; inside a phase, cases run
// in parallel unless an `after` edge orders them.
export const PHASE = {
  /** Reads that are the only source of an id others need (the seeded number via listNumbers). */
  discover: 0,
  /** Successful creates whose ids later cases use. */
  create: 1,
  /** Reads, changes, errors, security and limit probes: anything that needs the resources to exist. */
  main: 2,
  /** 409s that need a resource in a state the main phase left it in; cross-account reads. */
  conflict: 3,
  /** Deletes, revocations, hang-ups, pauses. */
  destroy: 4,
  /** 409s that need a resource already ended (revoking a revoked key). */
  afterDestroy: 5,
  /** Stateful properties on resources of their own (read-after-create, use-after-delete, pages). */
  stateful: 6,
  /** Webhook deliveries (webhooks/): endpoints and events of their own, the account otherwise quiet. */
  webhooks: 7,
  /** Probes that need the account quiet: the active-call limit, per-call command limits. */
  exclusive: 8,
  /** Generated inputs (negative and positive), on fixtures of their own; nothing after reads them. */
  generated: 9,
  /** Limits shared by the whole run (per source IP): exhausted last, nothing after needs them. */
  last: 10,
} as const;

export const PHASE_NAMES = Object.fromEntries(Object.entries(PHASE).map(([k, v]) => [v, k])) as Record<number, string>;
