// Tenant isolation beyond reads by id (ARCHITECTURE.md §2): another account's key sees none of this
// account's items in any list, and the aggregates it reads do not move while only this account
// acts (a snapshot in the discover phase, the same read again before the destroy phase).
import { presentedBy } from '../keys.js';
import { inputsOf, RESPONSE_ONLY, worker } from '../probes/support.js';
import type { Observation, Probe } from '../probes/types.js';
import type { Exchange } from '../types.js';
import type { AggregateEvidence, ListIsolationEvidence } from './isolation.js';
import { NEEDS_OTHER_KEY, otherAccount, readList } from './other-account.js';
import { itemIds } from './pagination.js';
import { recall, remember } from './run-memory.js';
import { rangeCoveringNow } from './time-window.js';

export const listIsolation: Probe = async (env, c) => {
  const other = otherAccount(env);
  if (!other) return { skip: NEEDS_OTHER_KEY };
  const so = env.op(c.operationId);
  const own = await readList(env, so, async () => presentedBy(await worker(env, so)));
  const theirs = await readList(env, so, async () => other);
  const evidence: ListIsolationEvidence = {
    own: own.ids,
    known: [...env.ids.values()],
    other: theirs.ids,
    pages: theirs.pages.length,
    truncated: theirs.truncated,
  };
  const mine = new Set([...own.ids, ...evidence.known]);
  // The page that shows the first leaked item, else the first.
  const shown = theirs.pages.find((p) => itemIds(p.response?.json).some((id) => mine.has(id))) ?? theirs.pages[0];
  const out: Observation[] = [{ label: 'other account', exchange: shown, related: { ...evidence } }];
  if (own.pages[0]) out.unshift({ label: 'this account', exchange: own.pages[0], checks: RESPONSE_ONLY });
  return out;
};

interface Snapshot {
  inputs: ReturnType<typeof inputsOf>;
  exchange: Exchange;
}

const snapshotKey = (operationId: string) => `aggregate:${operationId}`;

/** The other account's aggregate before this account's activity (variant before) and after. */
export const aggregateIsolation: Probe = async (env, c) => {
  const other = otherAccount(env);
  if (!other) return { skip: NEEDS_OTHER_KEY };
  const so = env.op(c.operationId);
  if (c.variant === 'before') {
    const base = inputsOf(env, c);
    const inputs = { ...base, query: rangeCoveringNow(base.query, Date.now() + env.clockOffset) };
    const exchange = await env.exchange(so, inputs, other);
    remember<Snapshot>(env, snapshotKey(so.operationId), { inputs, exchange });
    return [{ label: 'before', exchange, sent: inputs, checks: RESPONSE_ONLY }];
  }
  const before = recall<Snapshot>(env, snapshotKey(so.operationId));
  const inputs = before?.inputs ?? inputsOf(env, c);
  const exchange = await env.exchange(so, inputs, other);
  const earlier = before?.exchange.response;
  const missing = !before
    ? 'the snapshot of the discover phase did not run'
    : `the snapshot was answered ${earlier?.status ?? before.exchange.error?.kind}`;
  const evidence: AggregateEvidence =
    earlier && earlier.status < 300
      ? { before: earlier.json, after: exchange.response?.json }
      : { missing, after: exchange.response?.json };
  return [{ label: 'after', exchange, sent: inputs, related: { ...evidence } }];
};
