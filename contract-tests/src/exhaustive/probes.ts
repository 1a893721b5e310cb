// The exhaustive probe executors by probe id, merged into probes/index.ts.
import type { Probe } from '../probes/types.js';
import { concurrencyBaseline, concurrencyBurst } from './concurrency-probes.js';
import { aggregateIsolation, listIsolation } from './isolation-probes.js';
import { scopeMatrix } from './scope-matrix-probe.js';

export const EXHAUSTIVE_PROBES: Record<string, Probe> = {
  'scope-matrix': scopeMatrix,
  'list-isolation': listIsolation,
  'aggregate-isolation': aggregateIsolation,
  'concurrency-baseline': concurrencyBaseline,
  'concurrency-burst': concurrencyBurst,
};
