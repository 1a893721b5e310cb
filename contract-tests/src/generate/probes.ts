// The generate probe executors by probe id, merged into probes/index.ts.
import type { Probe } from '../probes/types.js';

export const GENERATE_PROBES: Record<string, Probe> = {};
