// The stateful probe executors by probe id, merged into probes/index.ts.
import type { Probe } from '../probes/types.js';
import { pagesProbe, unknownCursorProbe } from './probe-pages.js';
import { readAfterCreateProbe, readAfterUpdateProbe } from './probe-read-after.js';
import { useAfterDeleteProbe } from './probe-use-after-delete.js';

export const STATEFUL_PROBES: Record<string, Probe> = {
  'read-after-create': readAfterCreateProbe,
  'read-after-update': readAfterUpdateProbe,
  'use-after-delete': useAfterDeleteProbe,
  pages: pagesProbe,
  'unknown-cursor': unknownCursorProbe,
};
