// The generate checks, registered with the rest by checks/index.ts.
import type { Check } from '../types.js';
import { negativeDataRejected } from './negative-data-rejected.js';
import { notAServerError } from './not-a-server-error.js';
import { positiveDataAccepted } from './positive-data-accepted.js';

export const GENERATE_CHECKS: Check[] = [negativeDataRejected, positiveDataAccepted, notAServerError];
