// Throughput and memory of the peers on each measured request (src/endpoints.ts): per round,
// endpoint and peer, a short warm-up then a measured load phase from the separate load-generator
// process, with the server's RSS sampled and its CPU time (plus that of its helpers, e.g. the
// redis-server behind it) read around the phase. Peers take turns (the order rotates every round) so
// that drift on a shared machine spreads over all of them; rounds are summarised by their median.

import type { EndpointId, EndpointRequest } from './endpoints.js';
import type { LoadResult } from './load.js';
import type { LoadProcess } from './load-process.js';
import { type CpuMs, cpuMsOf, memoryOf } from './proc-stats.js';
import type { RunningServer } from './servers.js';
import { median } from './stats.js';

export interface ThroughputSettings {
  rounds: number;
  warmupMs: number;
  durationMs: number;
  connections: number;
  /** Request budget of one measured phase (a bound, not a target). */
  maxRequests: number;
}

/** One server measured on one request. */
export interface ThroughputJob {
  server: RunningServer;
  request: EndpointRequest;
}

export interface ThroughputRound extends LoadResult {
  /** CPU the server used during the phase, in % of one core. */
  serverCpuPercent: number;
  /** The server's CPU per 2xx answer during the phase, µs, user and system apart. */
  serverCpuUsPer2xx: CpuMs;
  /** CPU the load generator used, in % of one core. */
  clientCpuPercent: number;
  /** Highest RSS sampled during the phase, KiB. */
  sampledPeakRssKiB: number;
}

export interface PeerThroughput {
  peer: string;
  endpoint: EndpointId;
  rounds: ThroughputRound[];
  /** Median over rounds of 2xx responses per second. */
  okPerSecond: number;
  /** Median over rounds of the server's CPU use, % of one core (below ~90%: it did not get a whole core). */
  serverCpuPercent: number;
  /** Median over rounds of 2xx responses per second of server CPU (its helpers' included): the cost per request, steadier than req/s on a busy machine. */
  okPerCpuSecond: number;
  /** Median over rounds of the server's CPU per 2xx answer, µs: user (its code) and system (the kernel, mostly socket I/O). */
  cpuUsPer2xx: CpuMs;
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

const cpuOf = (server: RunningServer): CpuMs =>
  [server.pid, ...(server.extraPids ?? [])].reduce(
    (n, pid) => {
      const t = cpuMsOf(pid);
      return { user: n.user + t.user, system: n.system + t.system };
    },
    { user: 0, system: 0 },
  );

export async function measureThroughput(
  jobs: ThroughputJob[],
  load: LoadProcess,
  settings: ThroughputSettings,
  say: (line: string) => void,
): Promise<PeerThroughput[]> {
  const servers = [...new Map(jobs.map((j) => [j.server.name, j.server])).values()];
  const idle = new Map(servers.map((p) => [p.name, memoryOf(p.pid).rss]));
  const endpoints = [...new Set(jobs.map((j) => j.request.id))];
  const keyOf = (j: ThroughputJob) => `${j.request.id} ${j.server.name}`;
  const rounds = new Map<string, ThroughputRound[]>(jobs.map((j) => [keyOf(j), []]));
  for (let r = 0; r < settings.rounds; r++) {
    for (const endpoint of endpoints) {
      const own = jobs.filter((j) => j.request.id === endpoint);
      const order = own.map((_, i) => own[(i + r) % own.length]);
      for (const job of order) {
        const peer = job.server;
        const base = {
          url: peer.url,
          method: job.request.method,
          path: job.request.path,
          headers: job.request.headers,
          idempotency: job.request.idempotency,
          connections: settings.connections,
          maxRequests: settings.maxRequests,
        };
        // The whole warm-up before a server's first phase on a request (JIT, caches); a quarter of it later (new connections).
        const warmupMs = r === 0 ? settings.warmupMs : settings.warmupMs / 4;
        if (warmupMs > 0) await load.run({ ...base, durationMs: warmupMs });
        let sampledPeak = memoryOf(peer.pid).rss;
        const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(peer.pid).rss)), 200);
        const cpuBefore = cpuOf(peer);
        const wallBefore = performance.now();
        let result: LoadResult;
        try {
          result = await load.run({ ...base, durationMs: settings.durationMs });
        } finally {
          clearInterval(sampler);
        }
        const wall = performance.now() - wallBefore;
        const cpuAfter = cpuOf(peer);
        const used = { user: cpuAfter.user - cpuBefore.user, system: cpuAfter.system - cpuBefore.system };
        const perOk = (ms: number) => (result.ok > 0 ? (ms * 1000) / result.ok : NaN);
        const round: ThroughputRound = {
          ...result,
          serverCpuPercent: ((used.user + used.system) / wall) * 100,
          serverCpuUsPer2xx: { user: perOk(used.user), system: perOk(used.system) },
          clientCpuPercent: (result.clientCpuMs / result.durationMs) * 100,
          sampledPeakRssKiB: Math.max(sampledPeak, memoryOf(peer.pid).rss),
        };
        rounds.get(keyOf(job))!.push(round);
        say(
          `round ${r + 1}/${settings.rounds} ${endpoint} ${peer.name}: ${Math.round(round.okPerSecond)} req/s (2xx), p99 ${round.latencyMs.p99.toFixed(1)} ms, ` +
            `server CPU ${Math.round(round.serverCpuPercent)}%, load generator CPU ${Math.round(round.clientCpuPercent)}%` +
            (round.completed !== round.ok || round.errors || round.timeouts
              ? `, statuses ${JSON.stringify(round.statuses)}, ${round.errors} errors, ${round.timeouts} timeouts`
              : ''),
        );
      }
    }
  }
  return jobs.map((job) => {
    const own = rounds.get(keyOf(job))!;
    const peer = job.server;
    return {
      peer: peer.name,
      endpoint: job.request.id,
      rounds: own,
      okPerSecond: median(own.map((x) => x.okPerSecond)),
      serverCpuPercent: median(own.map((x) => x.serverCpuPercent)),
      okPerCpuSecond: median(own.map((x) => (x.serverCpuPercent > 0 ? x.okPerSecond / (x.serverCpuPercent / 100) : NaN))),
      cpuUsPer2xx: {
        user: median(own.map((x) => x.serverCpuUsPer2xx.user)),
        system: median(own.map((x) => x.serverCpuUsPer2xx.system)),
      },
      p99Ms: median(own.map((x) => x.latencyMs.p99)),
      idleRssKiB: idle.get(peer.name)!,
      peakRssKiB: memoryOf(peer.pid).hwm,
      non2xx: own.reduce((n, x) => n + (x.completed - x.ok), 0),
      errors: own.reduce((n, x) => n + x.errors + x.timeouts, 0),
    };
  });
}
