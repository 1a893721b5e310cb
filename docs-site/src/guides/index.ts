// The guides, in reading order (the sidebar and the landing page follow it).
import { authentication } from './authentication.js';
import { contractTestsInCi } from './contract-tests-in-ci.js';
import { errors } from './errors.js';
import { gettingStarted } from './getting-started.js';
import type { Guide } from './guide.js';
import { idempotency } from './idempotency.js';
import { ipAllowlisting } from './ip-allowlisting.js';
import { limits } from './limits.js';
import { scopes } from './scopes.js';
import { security } from './security.js';
import { testMode } from './test-mode.js';
import { webhooks } from './webhooks.js';

export const GUIDES: Guide[] = [
  gettingStarted,
  authentication,
  scopes,
  limits,
  errors,
  idempotency,
  ipAllowlisting,
  testMode,
  webhooks,
  security,
  contractTestsInCi,
];
