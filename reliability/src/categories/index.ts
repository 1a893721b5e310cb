// Every category of hostile request, in one list: a run generates from these and nothing else.
import type { Category } from '../case.js';
import { absurdQuery } from './absurd-query.js';
import { brokenHttp } from './broken-http.js';
import { deepJson } from './deep-json.js';
import { hugeHeaders } from './huge-headers.js';
import { hugeJson } from './huge-json.js';
import { invalidBytes } from './invalid-bytes.js';
import { malformedAuth } from './malformed-auth.js';
import { pathTraversal } from './path-traversal.js';
import { prototypePollution } from './prototype-pollution.js';
import { slow } from './slow.js';
import { truncatedJson } from './truncated-json.js';

export const CATEGORIES: readonly Category[] = [
  brokenHttp,
  hugeHeaders,
  slow,
  truncatedJson,
  deepJson,
  hugeJson,
  prototypePollution,
  invalidBytes,
  absurdQuery,
  pathTraversal,
  malformedAuth,
];

export function category(id: string): Category {
  const found = CATEGORIES.find((c) => c.id === id);
  if (!found) throw new Error(`no category ${id}`);
  return found;
}
