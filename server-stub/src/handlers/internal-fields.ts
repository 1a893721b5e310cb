// Stored documents may carry bookkeeping the API never returns (`_mode` of a call, the contact
// ids of a campaign). Those fields start with `_`; responses and webhooks use the public view.

export type Public<T> = { [K in keyof T as K extends `_${string}` ? never : K]: T[K] };

export function withoutInternal<T extends object>(doc: T): Public<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v;
  return out as Public<T>;
}
