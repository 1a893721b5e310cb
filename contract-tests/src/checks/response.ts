// The response checks: every exchange of a run gets them (a probe's cases too, `status-code` aside:
// there the probe's verdict judges the status). The order here is the order reports list them in.
import { bodySchema } from './body-schema.js';
import { contentType } from './content-type.js';
import { documentedHeaders } from './documented-headers.js';
import { errorCode } from './error-code.js';
import { jsonBody } from './json-body.js';
import { problemDetails } from './problem-details.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { requestIdHeader } from './request-id-header.js';
import { responseReceived } from './response-received.js';
import { retryAfter } from './retry-after.js';
import { secretNeverReturned } from './secret-never-returned.js';
import { stableValues } from './stable-values.js';
import { statusCode } from './status-code.js';
import { statusDocumented } from './status-documented.js';
import { wwwAuthenticate } from './www-authenticate.js';

export const RESPONSE_CHECK_LIST = [
  responseReceived,
  statusCode,
  statusDocumented,
  contentType,
  jsonBody,
  bodySchema,
  stableValues,
  errorCode,
  problemDetails,
  requestIdHeader,
  rateLimitHeaders,
  wwwAuthenticate,
  retryAfter,
  documentedHeaders,
  secretNeverReturned,
] as const;

/** Checks every exchange of a documented example gets, in the full profile. */
export const RESPONSE_CHECKS: readonly string[] = RESPONSE_CHECK_LIST.map((c) => c.id);
/** Checks every observation of a probe gets besides its verdicts: the verdict judges the status. */
export const PROBE_RESPONSE_CHECKS: readonly string[] = RESPONSE_CHECKS.filter((id) => id !== statusCode.id);
/** What a stateless mock can honour (ARCHITECTURE.md §8): the response checks that declare the mock profile. */
export const MOCK_CHECKS: readonly string[] = RESPONSE_CHECK_LIST.filter((c) => c.profiles.includes('mock')).map((c) => c.id);
