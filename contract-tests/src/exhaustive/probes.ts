// The exhaustive probe executors by probe id, merged into probes/index.ts.
import type { Probe } from '../probes/types.js';

export const EXHAUSTIVE_PROBES: Record<string, Probe> = {};
