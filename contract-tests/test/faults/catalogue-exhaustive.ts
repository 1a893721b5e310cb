// Faults that only the exhaustive checks catch (merged into catalogue.ts).
import type { FaultCase } from './catalogue.js';

export const EXHAUSTIVE_FAULTS: FaultCase[] = [];
