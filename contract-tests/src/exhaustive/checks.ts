// The exhaustive checks, registered with the rest by checks/index.ts.
import type { Check } from '../types.js';

export const EXHAUSTIVE_CHECKS: Check[] = [];
