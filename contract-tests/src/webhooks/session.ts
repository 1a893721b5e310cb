// What the webhook probes of one run share: the receiver, started by the first case that needs it
// and closed by the runner's finish step (RunEnv.onFinish), whatever way the run ends; which events
// were delivered (the retry case picks one that works); the last request a webhook case sent (the
// run-wide verdict has no request of its own to attach).
import { memo } from '../memo.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange } from '../types.js';
import { type Receiver, startReceiver } from './receiver.js';

export interface WebhookSession {
  receiver?: Promise<Receiver>;
  /** Event name → whether its delivery case saw it arrive. */
  delivered: Map<string, boolean>;
  last?: Exchange;
}

const sessions = new WeakMap<RunEnv, WebhookSession>();

export const sessionOf = (env: RunEnv): WebhookSession => memo(sessions, env, () => ({ delivered: new Map() }));

/** The run's receiver, started on first use; a receiver that cannot start is every case's skip reason. */
export async function receiverOf(env: RunEnv): Promise<Receiver | { skip: string }> {
  const session = sessionOf(env);
  session.receiver ??= startReceiver(env.settings.receiver).then((r) => {
    env.onFinish(() => r.close());
    env.note(`webhook receiver listening on ${r.url()}`);
    return r;
  });
  try {
    return await session.receiver;
  } catch (err) {
    return { skip: (err as Error).message };
  }
}

/** The receiver if a case started it; webhook cases that only read what arrived do not start one. */
export async function startedReceiver(env: RunEnv): Promise<Receiver | undefined> {
  return sessionOf(env).receiver?.catch(() => undefined);
}
