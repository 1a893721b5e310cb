// The generate checks, registered with the rest by checks/index.ts.
import type { Check } from '../types.js';

export const GENERATE_CHECKS: Check[] = [];
