// Faults that only the stateful checks catch (merged into catalogue.ts).
import type { FaultCase } from './catalogue.js';

export const STATEFUL_FAULTS: FaultCase[] = [];
