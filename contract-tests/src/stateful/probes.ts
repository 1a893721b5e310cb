// The stateful probes, one line each, merged into probes/index.ts.
import type { Probe } from '../probes/define.js';
import { pagesProbe } from './pages.js';
import { readAfterCreateProbe } from './read-after-create.js';
import { readAfterUpdateProbe } from './read-after-update.js';
import { unknownCursorProbe } from './unknown-cursor.js';
import { useAfterDeleteProbe } from './use-after-delete.js';

export const STATEFUL_PROBES: readonly Probe[] = [
  readAfterCreateProbe,
  readAfterUpdateProbe,
  pagesProbe,
  unknownCursorProbe,
  useAfterDeleteProbe,
];
