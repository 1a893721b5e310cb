// Faults that only the generated checks catch (merged into catalogue.ts).
import type { FaultCase } from './catalogue.js';

export const GENERATED_FAULTS: FaultCase[] = [];
