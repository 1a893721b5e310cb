// Call and campaign statistics over [from, to), aggregated from the stored calls, bucketed by UTC
// day, week (from Monday) or month, the first and last periods clipped to the range.
import type { RequestContext } from '../context.js';
import { invalid } from '../http/problem.js';
import { type Call, loadCalls, type StoredCall } from './call-lifecycle.js';
import type { HandlerGroup } from './types.js';

type Granularity = 'day' | 'week' | 'month';
/** A call placed by a campaign carries the campaign's id in an internal field (Call has no public one). */
type CampaignCall = StoredCall & { _campaign_id?: string | null };

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

/** RFC 3339 in UTC, without a `.000` when the time has no milliseconds (echoes `…T00:00:00Z`). */
export const timestamp = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function parseTime(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, 'must be an RFC 3339 date-time');
  return ms;
}

interface Range {
  from: number;
  to: number;
  granularity: Granularity;
}

function rangeOf(query: { from?: string; to?: string; granularity?: Granularity }, now: Date): Range {
  const to = parseTime('query.to', query.to) ?? now.getTime();
  const from = parseTime('query.from', query.from) ?? to - DEFAULT_RANGE_DAYS * DAY;
  if (from >= to) throw invalid('query.from', 'must be before `to`');
  if (to - from > MAX_RANGE_DAYS * DAY) throw invalid('query.to', `must be at most ${MAX_RANGE_DAYS} days after \`from\``);
  return { from, to, granularity: query.granularity ?? 'day' };
}

function periodFloor(ms: number, g: Granularity): number {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (g === 'day') return day;
  if (g === 'week') return day - ((d.getUTCDay() + 6) % 7) * DAY;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function nextPeriod(ms: number, g: Granularity): number {
  if (g === 'day') return ms + DAY;
  if (g === 'week') return ms + 7 * DAY;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Start of each period, oldest first; the first is clipped to `from`. */
export function periodStarts({ from, to, granularity }: Range): number[] {
  const starts: number[] = [];
  for (let at = periodFloor(from, granularity); at < to; at = nextPeriod(at, granularity)) starts.push(Math.max(at, from));
  return starts;
}

/** Index of the period holding `ms` (starts ascending, ms within [starts[0], to)). */
function periodIndex(starts: number[], ms: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The calls created in the range, each with the index of its period. */
function callsIn(ctx: RequestContext, range: Range, starts: number[], filter: (c: CampaignCall) => boolean = () => true) {
  // loadCalls moves each call on first (a failing test call is counted failed, as a read shows it).
  return (loadCalls(ctx) as CampaignCall[])
    .filter(filter)
    .map((call) => ({ call, at: Date.parse(call.created_at) }))
    .filter(({ at }) => at >= range.from && at < range.to)
    .map(({ call, at }) => ({ call, period: periodIndex(starts, at) }));
}

const campaignOf = (c: CampaignCall): string | undefined => c._campaign_id ?? undefined;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const answerRate = (completed: number, failed: number) => (completed + failed === 0 ? 0 : round(completed / (completed + failed), 4));
const ended = (c: Call) => c.status === 'completed' || c.status === 'failed';
const talkTime = (c: Call) => (ended(c) ? (c.duration_seconds ?? 0) : 0);

interface Tally {
  calls: number;
  completed: number;
  failed: number;
  total_duration_seconds: number;
}

const emptyTally = (): Tally => ({ calls: 0, completed: 0, failed: 0, total_duration_seconds: 0 });

function count(t: Tally, c: Call): void {
  t.calls++;
  if (c.status === 'completed') t.completed++;
  if (c.status === 'failed') t.failed++;
  t.total_duration_seconds += talkTime(c);
}

export const analyticsHandlers: HandlerGroup<'getCallAnalytics' | 'getCampaignAnalytics'> = {
  getCallAnalytics: ({ query }, ctx) => {
    const range = rangeOf(query, ctx.now);
    const starts = periodStarts(range);
    const series = starts.map(emptyTally);
    const totals = emptyTally();
    const byEndReason = { completed: 0, hangup: 0, busy: 0, no_answer: 0, failed: 0 };
    let completedTalk = 0;
    for (const { call, period } of callsIn(ctx, range, starts)) {
      count(totals, call);
      count(series[period], call);
      if (ended(call) && call.end_reason) byEndReason[call.end_reason]++;
      if (call.status === 'completed') completedTalk += call.duration_seconds ?? 0;
    }
    return {
      status: 200,
      body: {
        object: 'call_analytics',
        from: timestamp(range.from),
        to: timestamp(range.to),
        granularity: range.granularity,
        totals: {
          ...totals,
          answer_rate: answerRate(totals.completed, totals.failed),
          average_duration_seconds: totals.completed === 0 ? 0 : round(completedTalk / totals.completed, 1),
          by_end_reason: byEndReason,
        },
        series: series.map((t, i) => ({ period_start: timestamp(starts[i]), ...t })),
      },
    };
  },

  getCampaignAnalytics: ({ query }, ctx) => {
    const range = rangeOf(query, ctx.now);
    const starts = periodStarts(range);
    const series = starts.map(() => ({ ...emptyTally(), campaigns: new Set<string>(), contacts: new Set<string>() }));
    const totals = { ...emptyTally(), campaigns: new Set<string>(), contacts: new Set<string>() };
    for (const { call, period } of callsIn(ctx, range, starts, (c) => campaignOf(c) !== undefined)) {
      for (const t of [totals, series[period]]) {
        count(t, call);
        t.campaigns.add(campaignOf(call)!);
        t.contacts.add(call.to);
      }
    }
    return {
      status: 200,
      body: {
        object: 'campaign_analytics',
        from: timestamp(range.from),
        to: timestamp(range.to),
        granularity: range.granularity,
        totals: {
          campaigns: totals.campaigns.size,
          contacts_called: totals.contacts.size,
          calls: totals.calls,
          completed: totals.completed,
          failed: totals.failed,
          answer_rate: answerRate(totals.completed, totals.failed),
          total_duration_seconds: totals.total_duration_seconds,
        },
        series: series.map((t, i) => ({
          period_start: timestamp(starts[i]),
          campaigns: t.campaigns.size,
          contacts_called: t.contacts.size,
          calls: t.calls,
          completed: t.completed,
          failed: t.failed,
        })),
      },
    };
  },
};
