// The exhaustive probes (every operation, every list, every policy), one line each, merged into
// probes/index.ts. The exact rate-limit counters ride on the exhaustion probe
// (probes/rate-limit-exhaustion.ts); cross-account writes on the cross-account probe.
import type { Probe } from '../probes/define.js';
import { aggregateIsolation } from './aggregate-isolation.js';
import { concurrencyBaseline } from './concurrency-baseline.js';
import { concurrencyBurst } from './concurrency-burst.js';
import { listIsolation } from './list-isolation.js';
import { scopeMatrix } from './scope-matrix.js';

export const EXHAUSTIVE_PROBES: readonly Probe[] = [scopeMatrix, listIsolation, aggregateIsolation, concurrencyBaseline, concurrencyBurst];
