// The deliveries a receiver has answered, and waiting for the ones a probe expects. Deliveries
// arrive when the sender decides (retries back off for seconds), so a probe waits for a condition
// over all of them; each new delivery re-checks the waiting conditions, no polling. A wait ends
// false on timeout, abort or close, and never rejects: "it did not come" is a verdict, not an error.
import { type Delivery, normalizePath } from './delivery.js';

export interface DeliveryFilter {
  path?: string;
  /** The `webhook-id` header: a retry of one message carries the same id. */
  webhookId?: string;
}

export type DeliveryPredicate = (all: Delivery[]) => boolean;

/** setTimeout's longest delay; longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeliveryLog {
  readonly #all: Delivery[] = [];
  readonly #waiters = new Set<(final: boolean) => void>();
  #closed = false;

  record(d: Delivery): void {
    this.#all.push(Object.freeze(d));
    for (const check of [...this.#waiters]) check(false);
  }

  list(filter: DeliveryFilter = {}): Delivery[] {
    const path = filter.path === undefined ? undefined : normalizePath(filter.path);
    return this.#all.filter(
      (d) => (path === undefined || d.path === path) && (filter.webhookId === undefined || d.headers['webhook-id'] === filter.webhookId),
    );
  }

  waitFor(predicate: DeliveryPredicate, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (result: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#waiters.delete(check);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = () => finish(false);
      // A predicate that throws cannot become true: the wait ends false.
      const check = (final: boolean) => {
        let met = false;
        try {
          met = predicate(this.list()) === true;
        } catch {
          return finish(false);
        }
        if (met || final) finish(met);
      };

      if (signal?.aborted) return finish(false);
      check(this.#closed);
      if (settled) return;
      this.#waiters.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
      const ms = Number.isNaN(timeoutMs) ? 0 : Math.max(0, timeoutMs);
      if (ms <= MAX_TIMER_MS) timer = setTimeout(() => finish(false), ms);
    });
  }

  /** No more deliveries will come: every wait gets its last look and ends. */
  close(): void {
    this.#closed = true;
    for (const check of [...this.#waiters]) check(true);
  }
}
