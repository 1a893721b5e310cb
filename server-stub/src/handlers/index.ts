// The full handler map: one module per tag. `satisfies Handlers` is what makes tsc fail when an
// operation of the spec has no handler or a handler answers something the spec does not allow.
import { accountHandlers } from './account.js';
import { agentHandlers } from './agents.js';
import { analyticsHandlers } from './analytics.js';
import { apiKeyHandlers } from './api-keys.js';
import { billingHandlers } from './billing.js';
import { callHandlers } from './calls.js';
import { campaignHandlers } from './campaigns.js';
import { contactHandlers } from './contacts.js';
import { emailHandlers } from './email.js';
import { ipAllowlistHandlers } from './ip-allowlist.js';
import { lookupHandlers } from './lookups.js';
import { messageHandlers } from './messages.js';
import { numberHandlers } from './numbers.js';
import { otpHandlers } from './otp.js';
import type { Handlers } from './types.js';
import { webhookHandlers } from './webhooks.js';

export const handlers = {
  ...accountHandlers,
  ...apiKeyHandlers,
  ...ipAllowlistHandlers,
  ...agentHandlers,
  ...numberHandlers,
  ...callHandlers,
  ...campaignHandlers,
  ...contactHandlers,
  ...messageHandlers,
  ...otpHandlers,
  ...lookupHandlers,
  ...emailHandlers,
  ...billingHandlers,
  ...webhookHandlers,
  ...analyticsHandlers,
} satisfies Handlers;
