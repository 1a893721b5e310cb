// Exact rate-limit counters (ARCHITECTURE.md §4): what each answer of an exhaustion announced, and the two
// comparisons made on it. A limit of L counts each admitted request once, so the admitted answers'
// X-RateLimit-Remaining are exactly L-1 … 0, each once, whatever order a burst completes in; and
// L is the limit the spec's x-rate-limit-policies documents, so the first 429 comes after exactly
// that many requests. Pure: the exhaustion probe (probes/rate-limit-exhaustion.ts) builds the evidence, the
// checks compare.
import type { Exchange } from '../types.js';

/** What one answer of an exhaustion said about the policy it counted. */
export interface CountedAnswer {
  status: number;
  limit?: number;
  remaining?: number;
  /** RateLimit-Policy's name, `q` and `w`. */
  policy?: string;
  quota?: number;
  window?: number;
}

export interface CounterEvidence {
  policy: string;
  documented: { limit: number; window: number };
  answers: CountedAnswer[];
  /** False when the budget is shared with the rest of the run (per source IP): no exact count. */
  exact: boolean;
}

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

export function countedAnswer(e: Exchange): CountedAnswer | undefined {
  const r = e.response;
  if (!r) return undefined;
  const policy = /^"([^"]+)"((?:;[a-z]+=\d+)*)$/.exec((r.headers['ratelimit-policy'] ?? '').trim());
  const param = (k: string) => (policy ? int(new RegExp(`;${k}=(\\d+)`).exec(policy[2])?.[1]) : undefined);
  const out: CountedAnswer = { status: r.status };
  const limit = int(r.headers['x-ratelimit-limit']);
  const remaining = int(r.headers['x-ratelimit-remaining']);
  if (limit !== undefined) out.limit = limit;
  if (remaining !== undefined) out.remaining = remaining;
  if (policy) out.policy = policy[1];
  const [quota, window] = [param('q'), param('w')];
  if (quota !== undefined) out.quota = quota;
  if (window !== undefined) out.window = window;
  return out;
}

type Documented = CounterEvidence['documented'];

export function counterEvidence(policy: string, documented: Documented, sent: Exchange[], exact: boolean): CounterEvidence {
  return { policy, documented, exact, answers: sent.flatMap((e) => countedAnswer(e) ?? []) };
}

const admitted = (ev: CounterEvidence) => ev.answers.filter((a) => a.status !== 429);
/** Answers describing another policy (one closer to exhaustion) say nothing about this one. */
const about = (ev: CounterEvidence, a: CountedAnswer) => a.policy === undefined || a.policy === ev.policy;

export type Verdict = { skip: string } | { problems: string[]; expected?: unknown; received?: unknown };

/** Remaining of the admitted answers, against L-1 … 0 where L is the announced limit. */
export function countsExact(ev: CounterEvidence): Verdict {
  if (!ev.exact) return { skip: `the ${ev.policy} budget is shared by the whole run: its count cannot be predicted` };
  const ok = admitted(ev);
  if (ok.some((a) => !about(ev, a))) return { skip: `some admitted answers describe a policy closer to exhaustion than ${ev.policy}` };
  const limits = [...new Set(ok.map((a) => a.limit))];
  if (!ok.length || ok.some((a) => a.remaining === undefined || a.limit === undefined)) {
    return { skip: 'the admitted answers carry no X-RateLimit-Limit/Remaining to count (see rate-limit-headers)' };
  }
  if (limits.length !== 1) return { problems: [`X-RateLimit-Limit changed during the exhaustion: ${limits.join(', ')}`] };
  const limit = limits[0]!;
  const received = ok.map((a) => a.remaining!).sort((a, b) => b - a);
  const expected = Array.from({ length: received.length }, (_, i) => limit - 1 - i);
  if (received.every((v, i) => v === expected[i])) return { problems: [] };
  const seen = new Map<number, number>();
  for (const v of received) seen.set(v, (seen.get(v) ?? 0) + 1);
  const repeated = [...seen].filter(([, n]) => n > 1).map(([v]) => v);
  const outside = received.filter((v) => v < 0 || v >= limit);
  const why = [
    ...(repeated.length ? [`repeated ${repeated.slice(0, 5).join(', ')}`] : []),
    ...(outside.length ? [`outside 0…${limit - 1}: ${[...new Set(outside)].slice(0, 5).join(', ')}`] : []),
  ];
  return {
    problems: [
      `the ${received.length} admitted answers of a ${ev.policy} limit of ${limit} said X-RateLimit-Remaining ${summary(received)}, ` +
        `not ${summary(expected)}${why.length ? ` (${why.join('; ')})` : ''}`,
    ],
    expected,
    received,
  };
}

/** The announced limit and window are the registry's, and exactly that many requests got through. */
export function documentedLimit(ev: CounterEvidence): Verdict {
  const told = ev.answers.filter((a) => about(ev, a) && a.limit !== undefined);
  if (!told.length) return { skip: `no answer announced the ${ev.policy} policy (see rate-limit-headers)` };
  const { limit, window } = ev.documented;
  const problems: string[] = [];
  const limits = [...new Set(told.map((a) => a.limit))];
  const windows = [...new Set(told.flatMap((a) => (a.window === undefined ? [] : [a.window])))];
  if (limits.some((l) => l !== limit)) {
    const announced = limits.join(', ');
    problems.push(`the ${ev.policy} policy is documented at ${limit} requests; the server announced X-RateLimit-Limit ${announced}`);
  }
  if (windows.some((w) => w !== window)) {
    problems.push(`the ${ev.policy} window is documented as ${window}s; RateLimit-Policy announced w=${windows.join(', ')}`);
  }
  const got = admitted(ev).length;
  if (ev.exact && ev.answers.some((a) => a.status === 429) && got !== limit) {
    problems.push(`the first 429 came after ${got} admitted requests; the documented ${ev.policy} limit is ${limit}`);
  }
  return { problems, expected: ev.documented.limit, received: limits.length === 1 ? limits[0] : limits };
}

/** `99 … 0` for a long descending run, the values themselves otherwise. */
function summary(values: number[]): string {
  if (values.length <= 6) return values.join(', ');
  const run = values.every((v, i) => i === 0 || v === values[i - 1] - 1);
  return run ? `${values[0]} … ${values.at(-1)}` : `${values.slice(0, 3).join(', ')} … ${values.slice(-3).join(', ')}`;
}
