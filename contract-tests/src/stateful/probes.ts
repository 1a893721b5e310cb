// The stateful probe executors by probe id, merged into probes/index.ts.
import type { Probe } from '../probes/types.js';

export const STATEFUL_PROBES: Record<string, Probe> = {};
