// What an address says about itself, without asking any server: a throwaway domain, a role local
// part (info@, support@ …), a free mailbox provider. Small lists: enough to be right for the common
// cases and to keep the stub offline.
const DISPOSABLE = new Set([
  'mailinator.com',
  'guerrillamail.com',
  '10minutemail.com',
  'tempmail.com',
  'temp-mail.org',
  'yopmail.com',
  'trashmail.com',
  'sharklasers.com',
  'getnada.com',
  'dispostable.com',
  'maildrop.cc',
  'throwawaymail.com',
]);
const ROLES = new Set([
  'admin',
  'abuse',
  'billing',
  'contact',
  'help',
  'hello',
  'info',
  'marketing',
  'no-reply',
  'noreply',
  'office',
  'postmaster',
  'sales',
  'security',
  'support',
  'team',
  'webmaster',
]);
const FREE = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'zoho.com',
]);

export interface EmailTraits {
  disposable: boolean;
  role_account: boolean;
  free_provider: boolean;
}

export function emailTraits(email: string): EmailTraits {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).toLowerCase().split('+')[0];
  const domain = email.slice(at + 1).toLowerCase();
  return { disposable: DISPOSABLE.has(domain), role_account: ROLES.has(local), free_provider: FREE.has(domain) };
}
