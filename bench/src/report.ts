// Turns comparisons into what people read (an aligned table) and what tools read (bench.json). Pure.
import { type Bar, type Comparison, ENDPOINT_NAMES, type Verdict } from './bars.js';
import type { PeerThroughput } from './throughput.js';

const BAR_SIGN: Record<Bar['op'], string> = { '>=': '≥', '<=': '≤', '<': '<', '>': '>' };
const VERDICT: Record<Verdict, string> = { pass: 'pass', fail: 'FAIL', invalid: 'INVALID', info: '—' };

export function formatValue(value: number, unit: Comparison['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-US')} req/s`;
    case 'req/CPU-s':
      return `${Math.round(value).toLocaleString('en-US')} /CPU-s`;
    case 'MiB':
      return `${value.toFixed(1)} MiB`;
    case 's':
      return `${value.toFixed(2)} s`;
    case 'checks':
      return Math.round(value).toLocaleString('en-US');
  }
}

/** Two decimals below 10, one above: 0.35, 3.51, 17.4. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export const formatBar = (bar: Bar | undefined) => (bar ? `${BAR_SIGN[bar.op]} ${bar.value}` : '—');

const HEADER = ['metric', 'ours', 'value', 'peer', 'value', 'ratio', 'bar', 'result'];

export function tableRows(comparisons: readonly Comparison[]): string[][] {
  return comparisons.map((c) => [
    c.metric,
    c.ours.name,
    formatValue(c.ours.value, c.unit),
    c.peer.name,
    formatValue(c.peer.value, c.unit),
    formatRatio(c.ratio),
    formatBar(c.bar),
    VERDICT[c.result],
  ]);
}

/** An aligned plain-text table (numbers right-aligned), then one line per note. */
export function formatTable(comparisons: readonly Comparison[]): string {
  const rows = [HEADER, ...tableRows(comparisons)];
  const numeric = new Set([2, 4, 5]);
  const widths = HEADER.map((_, col) => Math.max(...rows.map((r) => [...r[col]].length)));
  const line = (r: string[]) =>
    r
      .map((cell, col) => (numeric.has(col) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const notes = comparisons.filter((c) => c.note).map((c) => `  ${c.id}: ${c.note}`);
  return [...out, ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/** Per endpoint, one line per load peer: what its req/s rests on (server CPU share, cost per request, latency, memory). */
export function formatPeers(peers: readonly PeerThroughput[]): string {
  const k = (n: number) => (Number.isFinite(n) ? `${(n / 1000).toFixed(1)}k` : 'n/a');
  const us = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} µs` : 'n/a');
  const lines: string[] = [];
  for (const endpoint of [...new Set(peers.map((p) => p.endpoint))]) {
    lines.push(`  ${ENDPOINT_NAMES[endpoint] ?? endpoint}:`);
    for (const p of peers.filter((x) => x.endpoint === endpoint))
      lines.push(
        `    ${p.peer}: ${formatValue(p.okPerSecond, 'req/s')} at ${Math.round(p.serverCpuPercent)}% of a core (${k(p.okPerCpuSecond)} per CPU-second: ` +
          `${us(p.cpuUsPer2xx.user)} user + ${us(p.cpuUsPer2xx.system)} system per 2xx), ` +
          `p99 ${p.p99Ms.toFixed(1)} ms, RSS ${formatValue(p.idleRssKiB / 1024, 'MiB')} idle, ${formatValue(p.peakRssKiB / 1024, 'MiB')} peak` +
          (p.non2xx || p.errors ? `, ${p.non2xx} non-2xx, ${p.errors} lost` : ''),
      );
  }
  return lines.join('\n');
}

/** One line: how many bars were met. */
export function verdictLine(comparisons: readonly Comparison[]): string {
  const judged = comparisons.filter((c) => c.result !== 'info');
  const count = (v: Verdict) => judged.filter((c) => c.result === v).length;
  const parts = [`${count('pass')} of ${judged.length} bars met`];
  if (count('fail'))
    parts.push(
      `${count('fail')} missed (${judged
        .filter((c) => c.result === 'fail')
        .map((c) => c.id)
        .join(', ')})`,
    );
  if (count('invalid'))
    parts.push(
      `${count('invalid')} invalid (${judged
        .filter((c) => c.result === 'invalid')
        .map((c) => c.id)
        .join(', ')})`,
    );
  return parts.join(', ');
}

export interface BenchDocument {
  generatedAt: string;
  machine: { node: string; cpus: number; loadAverage: number[] };
  settings: unknown;
  comparisons: Comparison[];
  allBarsMet: boolean;
  measurements: unknown;
}

export function benchDocument(input: Omit<BenchDocument, 'allBarsMet'>): BenchDocument {
  const judged = input.comparisons.filter((c) => c.result !== 'info');
  return { ...input, allBarsMet: judged.length > 0 && judged.every((c) => c.result === 'pass') };
}
