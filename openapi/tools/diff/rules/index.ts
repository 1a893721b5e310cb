// Every diff rule, registered by id: adding a rule is one file in this folder and one line here.
import type { DiffRule } from '../types.js';
import apiDocumentationChanged from './api-documentation-changed.js';
import apiPathRemovedWithoutDeprecation from './api-path-removed-without-deprecation.js';
import apiRemovedWithoutDeprecation from './api-removed-without-deprecation.js';
import apiSecurityComponentRemoved from './api-security-component-removed.js';
import apiSecurityComponentTypeChanged from './api-security-component-type-changed.js';
import apiSecurityRemoved from './api-security-removed.js';
import endpointAdded from './endpoint-added.js';
import newOptionalRequestParameter from './new-optional-request-parameter.js';
import newOptionalRequestProperty from './new-optional-request-property.js';
import newRequiredRequestParameter from './new-required-request-parameter.js';
import newRequiredRequestProperty from './new-required-request-property.js';
import parleyBodyLimitLowered from './parley.body-limit-lowered.js';
import parleyConcurrencyLimitLowered from './parley.concurrency-limit-lowered.js';
import parleyErrorCodeRemoved from './parley.error-code-removed.js';
import parleyExamplePairRemoved from './parley.example-pair-removed.js';
import parleyIdempotencyKeyRequired from './parley.idempotency-key-required.js';
import parleyRateLimitLowered from './parley.rate-limit-lowered.js';
import parleyScopeAdded from './parley.scope-added.js';
import parleyTestValueRemoved from './parley.test-value-removed.js';
import parleyWebhookEventRemoved from './parley.webhook-event-removed.js';
import parleyWebhookPayloadNarrowed from './parley.webhook-payload-narrowed.js';
import parleyWebhookSignatureChanged from './parley.webhook-signature-changed.js';
import requestBodyBecameRequired from './request-body-became-required.js';
import requestBodyMediaTypeRemoved from './request-body-media-type-removed.js';
import requestParameterBecameRequired from './request-parameter-became-required.js';
import requestParameterEnumValueRemoved from './request-parameter-enum-value-removed.js';
import requestParameterMaxDecreased from './request-parameter-max-decreased.js';
import requestParameterMinIncreased from './request-parameter-min-increased.js';
import requestParameterPatternChanged from './request-parameter-pattern-changed.js';
import requestParameterRemoved from './request-parameter-removed.js';
import requestParameterTypeChanged from './request-parameter-type-changed.js';
import requestPropertyBecameRequired from './request-property-became-required.js';
import requestPropertyEnumValueRemoved from './request-property-enum-value-removed.js';
import requestPropertyMaxDecreased from './request-property-max-decreased.js';
import requestPropertyMaxLengthDecreased from './request-property-max-length-decreased.js';
import requestPropertyMaxLengthSet from './request-property-max-length-set.js';
import requestPropertyMinIncreased from './request-property-min-increased.js';
import requestPropertyMinLengthIncreased from './request-property-min-length-increased.js';
import requestPropertyPatternChanged from './request-property-pattern-changed.js';
import requestPropertyRemoved from './request-property-removed.js';
import requestPropertyTypeChanged from './request-property-type-changed.js';
import responseHeaderRemoved from './response-header-removed.js';
import responseMediaTypeRemoved from './response-media-type-removed.js';
import responseNonSuccessStatusRemoved from './response-non-success-status-removed.js';
import responsePropertyAdded from './response-property-added.js';
import responsePropertyBecameOptional from './response-property-became-optional.js';
import responsePropertyEnumValueAdded from './response-property-enum-value-added.js';
import responsePropertyRemoved from './response-property-removed.js';
import responsePropertyTypeChanged from './response-property-type-changed.js';
import responseSuccessStatusRemoved from './response-success-status-removed.js';

export const RULES: readonly DiffRule[] = [
  apiDocumentationChanged,
  apiPathRemovedWithoutDeprecation,
  apiRemovedWithoutDeprecation,
  apiSecurityComponentRemoved,
  apiSecurityComponentTypeChanged,
  apiSecurityRemoved,
  endpointAdded,
  newOptionalRequestParameter,
  newOptionalRequestProperty,
  newRequiredRequestParameter,
  newRequiredRequestProperty,
  parleyBodyLimitLowered,
  parleyConcurrencyLimitLowered,
  parleyErrorCodeRemoved,
  parleyExamplePairRemoved,
  parleyIdempotencyKeyRequired,
  parleyRateLimitLowered,
  parleyScopeAdded,
  parleyTestValueRemoved,
  parleyWebhookEventRemoved,
  parleyWebhookPayloadNarrowed,
  parleyWebhookSignatureChanged,
  requestBodyBecameRequired,
  requestBodyMediaTypeRemoved,
  requestParameterBecameRequired,
  requestParameterEnumValueRemoved,
  requestParameterMaxDecreased,
  requestParameterMinIncreased,
  requestParameterPatternChanged,
  requestParameterRemoved,
  requestParameterTypeChanged,
  requestPropertyBecameRequired,
  requestPropertyEnumValueRemoved,
  requestPropertyMaxDecreased,
  requestPropertyMaxLengthDecreased,
  requestPropertyMaxLengthSet,
  requestPropertyMinIncreased,
  requestPropertyMinLengthIncreased,
  requestPropertyPatternChanged,
  requestPropertyRemoved,
  requestPropertyTypeChanged,
  responseHeaderRemoved,
  responseMediaTypeRemoved,
  responseNonSuccessStatusRemoved,
  responsePropertyAdded,
  responsePropertyBecameOptional,
  responsePropertyEnumValueAdded,
  responsePropertyRemoved,
  responsePropertyTypeChanged,
  responseSuccessStatusRemoved,
];
