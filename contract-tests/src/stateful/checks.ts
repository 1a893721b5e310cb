// The stateful checks, registered with the rest by checks/index.ts.
import type { Check } from '../types.js';
import { cursorWalk, limitHonoured } from './check-pages.js';
import { readAfterCreate } from './check-read-after-create.js';
import { readAfterUpdate } from './check-read-after-update.js';
import { unknownCursorRefused } from './check-unknown-cursor.js';
import { useAfterDelete } from './check-use-after-delete.js';

export const STATEFUL_CHECKS: Check[] = [readAfterCreate, readAfterUpdate, useAfterDelete, limitHonoured, cursorWalk, unknownCursorRefused];
