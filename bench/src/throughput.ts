// Throughput and memory of the peers on one authenticated GET: per round and peer, a short warm-up
// then a measured load phase from the separate load-generator process, with the server's RSS sampled
// and its CPU time read around the phase. Peers take turns (the order rotates every round) so that
// drift on a shared machine spreads over all of them; rounds are summarised by their median.

import type { LoadResult } from './load.js';
import type { LoadProcess } from './load-process.js';
import { cpuMsOf, memoryOf } from './proc-stats.js';
import type { RunningServer } from './servers.js';
import { median } from './stats.js';

export interface ThroughputSettings {
  rounds: number;
  warmupMs: number;
  durationMs: number;
  connections: number;
  /** Request budget of one measured phase (a bound, not a target). */
  maxRequests: number;
  path: string;
  headers: Record<string, string>;
}

export interface ThroughputRound extends LoadResult {
  /** CPU the server used during the phase, in % of one core. */
  serverCpuPercent: number;
  /** CPU the load generator used, in % of one core. */
  clientCpuPercent: number;
  /** Highest RSS sampled during the phase, KiB. */
  sampledPeakRssKiB: number;
}

export interface PeerThroughput {
  peer: string;
  rounds: ThroughputRound[];
  /** Median over rounds of 2xx responses per second. */
  okPerSecond: number;
  /** Median over rounds of the server's CPU use, % of one core (below ~90%: it did not get a whole core). */
  serverCpuPercent: number;
  /** Median over rounds of 2xx responses per second of server CPU: the cost per request, steadier than req/s on a busy machine. */
  okPerCpuSecond: number;
  /** Median over rounds of the 99th-percentile latency, ms. */
  p99Ms: number;
  /** RSS after start-up, before any load, KiB. */
  idleRssKiB: number;
  /** VmHWM after the last round: the peak over the server's whole life, KiB. */
  peakRssKiB: number;
  /** Share of answers that were not 2xx, and requests lost, over all rounds (should be 0). */
  non2xx: number;
  errors: number;
}

export async function measureThroughput(
  peers: RunningServer[],
  load: LoadProcess,
  settings: ThroughputSettings,
  say: (line: string) => void,
): Promise<PeerThroughput[]> {
  const idle = new Map(peers.map((p) => [p.name, memoryOf(p.pid).rss]));
  const rounds = new Map<string, ThroughputRound[]>(peers.map((p) => [p.name, []]));
  for (let r = 0; r < settings.rounds; r++) {
    const order = peers.map((_, i) => peers[(i + r) % peers.length]);
    for (const peer of order) {
      const base = {
        url: peer.url,
        path: settings.path,
        headers: settings.headers,
        connections: settings.connections,
        maxRequests: settings.maxRequests,
      };
      await load.run({ ...base, durationMs: settings.warmupMs });
      let sampledPeak = memoryOf(peer.pid).rss;
      const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(peer.pid).rss)), 200);
      const cpuBefore = cpuMsOf(peer.pid);
      const wallBefore = performance.now();
      let result: LoadResult;
      try {
        result = await load.run({ ...base, durationMs: settings.durationMs });
      } finally {
        clearInterval(sampler);
      }
      const wall = performance.now() - wallBefore;
      const round: ThroughputRound = {
        ...result,
        serverCpuPercent: ((cpuMsOf(peer.pid) - cpuBefore) / wall) * 100,
        clientCpuPercent: (result.clientCpuMs / result.durationMs) * 100,
        sampledPeakRssKiB: Math.max(sampledPeak, memoryOf(peer.pid).rss),
      };
      rounds.get(peer.name)!.push(round);
      say(
        `round ${r + 1}/${settings.rounds} ${peer.name}: ${Math.round(round.okPerSecond)} req/s (2xx), p99 ${round.latencyMs.p99.toFixed(1)} ms, ` +
          `server CPU ${Math.round(round.serverCpuPercent)}%, load generator CPU ${Math.round(round.clientCpuPercent)}%` +
          (round.completed !== round.ok || round.errors || round.timeouts
            ? `, statuses ${JSON.stringify(round.statuses)}, ${round.errors} errors, ${round.timeouts} timeouts`
            : ''),
      );
    }
  }
  return peers.map((peer) => {
    const own = rounds.get(peer.name)!;
    return {
      peer: peer.name,
      rounds: own,
      okPerSecond: median(own.map((x) => x.okPerSecond)),
      serverCpuPercent: median(own.map((x) => x.serverCpuPercent)),
      okPerCpuSecond: median(own.map((x) => (x.serverCpuPercent > 0 ? x.okPerSecond / (x.serverCpuPercent / 100) : NaN))),
      p99Ms: median(own.map((x) => x.latencyMs.p99)),
      idleRssKiB: idle.get(peer.name)!,
      peakRssKiB: memoryOf(peer.pid).hwm,
      non2xx: own.reduce((n, x) => n + (x.completed - x.ok), 0),
      errors: own.reduce((n, x) => n + x.errors + x.timeouts, 0),
    };
  });
}
