// The tables of the guides, each computed from one registry of the contract model (scopes,
// rate-limit policies, concurrency limits, test values, webhook events and delivery) or a shared
// piece of the spec (components/responses for error codes, components/headers). Rows are data
// (tested); renderTable turns them into HTML.

import { WEBHOOK_HEADERS, type WebhookDelivery } from '../../openapi/tools/contract-model.js';
import type { OperationInfo, SiteContext } from './context.js';
import { component } from './context.js';
import { esc } from './html.js';
import { inline } from './inline-markdown.js';

export type Cell = { html: string } | string | number;
export interface Table {
  columns: string[];
  rows: Cell[][];
  /** Marks the table for the browser test (`data-table`). */
  id: string;
}

const cell = (c: Cell) => (typeof c === 'object' ? c.html : esc(c));
const code = (s: string) => ({ html: `<code>${esc(s)}</code>` });
const md = (s: string | undefined) => ({ html: inline(s ?? '') });
/** `api-key` → `API key`: the registries' `per` values, as words. */
const per = (s: string) =>
  s
    .replace(/-/g, ' ')
    .replace(/\bapi\b/, 'API')
    .replace(/\bip\b/, 'IP');

export function renderTable(table: Table): string {
  return `<div class="table-wrap"><table data-table="${esc(table.id)}">
<thead><tr>${table.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead>
<tbody>${table.rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>
</table></div>`;
}

function opLinks(ctx: SiteContext, root: string, ops: OperationInfo[]): Cell {
  return { html: ops.map((o) => `<a href="${esc(ctx.refLink(root, o.operationId))}">${esc(o.summary)}</a>`).join(', ') };
}

/** Every scope, what it grants, and the operations that require it. */
export function scopesTable(ctx: SiteContext, root: string): Table {
  return {
    id: 'scopes',
    columns: ['Scope', 'Grants', 'Operations'],
    rows: ctx.model.scopes.map(({ name, grants }) => {
      const requiring = ctx.operations.filter((o) => o.scope === name);
      return [code(name), md(grants), opLinks(ctx, root, requiring)];
    }),
  };
}

/** Each rate-limit policy with the operations it counts. */
export function rateLimitTable(ctx: SiteContext, root: string): Table {
  return {
    id: 'rate-limits',
    columns: ['Policy', 'Limit', 'Counted per', 'Applies to', 'What it counts'],
    rows: [...ctx.model.policies.values()].map((p) => {
      const ops = ctx.operations.filter((o) => o.contract.policies.some((q) => q.name === p.name));
      const applies: Cell = ops.length === ctx.operations.length ? 'every operation' : opLinks(ctx, root, ops);
      const limit = { html: `<span class="nowrap">${p.limit} / ${p.windowSeconds} s</span>` };
      return [code(p.name), limit, per(p.per), applies, md(p.description)];
    }),
  };
}

/** Each concurrency limit with the operations that check it. */
export function concurrencyTable(ctx: SiteContext, root: string): Table {
  return {
    id: 'concurrency-limits',
    columns: ['Limit', 'At most', 'Counted per', 'Checked by', 'What it counts'],
    rows: [...ctx.model.concurrencyLimits.values()].map((l) => [
      code(l.name),
      `${l.limit} at a time`,
      per(l.per),
      opLinks(
        ctx,
        root,
        ctx.operations.filter((o) => o.contract.concurrency.some((c) => c.name === l.name)),
      ),
      md(l.description),
    ]),
  };
}

export interface ErrorCodeRow {
  status: number;
  code: string;
  title: string;
  /** Summaries of the shared response examples that carry this code. */
  cases: string[];
  /** Description of the shared response(s) that carry it. */
  description: string;
}

/**
 * Every code of the `ErrorCode` enum, with the status, title and cases of the shared error
 * responses whose examples carry it. A code no example carries still gets a row (status 0), last.
 */
export function errorCodeRows(ctx: SiteContext): ErrorCodeRow[] {
  const codes: string[] = component(ctx.spec, 'schemas', 'ErrorCode')?.enum ?? [];
  const rows = new Map<string, ErrorCodeRow>(
    codes.map((c) => [c, { status: 0, code: c, title: '', cases: [] as string[], description: '' }]),
  );
  for (const response of Object.values<any>(ctx.spec.components?.responses ?? {})) {
    for (const media of Object.values<any>(response.content ?? {})) {
      for (const example of Object.values<any>(media.examples ?? {})) {
        const v = example.value ?? {};
        const row: ErrorCodeRow = rows.get(v.code) ?? { status: 0, code: v.code, title: '', cases: [], description: '' };
        row.status = v.status;
        row.title ||= v.title;
        if (example.summary && !row.cases.includes(example.summary)) row.cases.push(example.summary);
        if (!row.description || response.description.length < row.description.length) row.description = response.description;
        rows.set(v.code, row);
      }
    }
  }
  return [...rows.values()].sort((a, b) => (a.status || 1000) - (b.status || 1000) || codes.indexOf(a.code) - codes.indexOf(b.code));
}

export function errorsTable(ctx: SiteContext, advice: (code: string) => string): Table {
  return {
    id: 'errors',
    columns: ['Status', 'Code', 'Meaning', 'What to do'],
    rows: errorCodeRows(ctx).map((r) => [
      r.status || '—',
      code(r.code),
      r.title
        ? { html: `<strong>${esc(r.title)}</strong>${r.cases.length ? `: ${esc(r.cases.join('; '))}` : ''}` }
        : 'No shared error response documents this code yet.',
      md(advice(r.code)),
    ]),
  };
}

/** The test values, with the operations whose examples use each magic value. */
export function testValuesTable(ctx: SiteContext, root: string): Table {
  return {
    id: 'test-values',
    columns: ['Value', 'Where', 'Answer', 'Effect', 'Used by'],
    rows: ctx.model.testValues.map((v) => {
      const users = ctx.operations.filter((o) => o.pairs.some((p) => JSON.stringify(p.request).includes(JSON.stringify(v.value))));
      return [
        code(v.value),
        v.field,
        { html: `${v.status}${v.code ? ` <code>${esc(v.code)}</code>` : ''}` },
        md(v.effect),
        opLinks(ctx, root, users),
      ];
    }),
  };
}

/** Shared headers (components/headers) by name: description and example. */
export function headersTable(ctx: SiteContext, names: string[], id: string): Table {
  return {
    id,
    columns: ['Header', 'Meaning', 'Example'],
    rows: names.map((n) => {
      const h = component(ctx.spec, 'headers', n);
      if (!h) throw new Error(`the docs name header ${n}, which components/headers does not have`);
      return [code(n), md(h.description), code(String(h.schema?.example ?? ''))];
    }),
  };
}

/** The properties of a schema: name, type, required, description. */
export function schemaFieldsTable(ctx: SiteContext, schemaName: string, id: string): Table {
  const schema = component(ctx.spec, 'schemas', schemaName);
  const required = new Set<string>(schema.required ?? []);
  return {
    id,
    columns: ['Field', 'Type', 'Always present', 'Meaning'],
    rows: Object.entries<any>(schema.properties ?? {}).map(([name, p]) => {
      const resolved = p.$ref ? { ...component(ctx.spec, 'schemas', p.$ref.split('/').pop()), ...p } : p;
      const type = Array.isArray(resolved.type) ? resolved.type.join(' | ') : (resolved.type ?? (resolved.enum ? 'string' : 'object'));
      return [code(name), type, required.has(name) ? 'yes' : 'no', md(resolved.description)];
    }),
  };
}

/** `300` → `5 min`, `9305` → `2 h 35 min 5 s`: seconds in hours, minutes and seconds. */
export function duration(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['h', 3600],
    ['min', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n} ${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || '0 s';
}

/** Every webhook event: when it is sent and the operations that cause it (`emittedBy`). */
export function webhookEventsTable(ctx: SiteContext, root: string): Table {
  return {
    id: 'webhook-events',
    columns: ['Event', 'When it is sent', 'Caused by'],
    rows: ctx.model.webhooks.map((w) => [
      code(w.name),
      { html: `<strong>${esc(w.summary)}</strong>. ${inline(String(w.source.op.description ?? '').split(/\n\s*\n/)[0])}` },
      opLinks(
        ctx,
        root,
        w.emittedBy.map((id) => ctx.byId(id)),
      ),
    ]),
  };
}

/** The headers of a delivery (Standard Webhooks), described and exemplified by the first event. */
export function webhookHeadersTable(ctx: SiteContext): Table {
  const params = ctx.model.webhooks[0]?.source.op.parameters ?? [];
  return {
    id: 'webhook-headers',
    columns: ['Header', 'Meaning', 'Example'],
    rows: Object.values(WEBHOOK_HEADERS).map((name) => {
      const p = params.find((q) => q.in === 'header' && q.name.toLowerCase() === name);
      if (!p) throw new Error(`the first webhook event does not document the ${name} header`);
      const example = Object.values<any>(p.examples ?? {})[0]?.value ?? p.schema?.example ?? '';
      return [code(name), md(p.description), code(String(example))];
    }),
  };
}

/** Attempt 1 at once, then one attempt after each delay of the model's retry schedule. */
export function retryScheduleTable(delivery: WebhookDelivery): Table {
  let since = 0;
  return {
    id: 'webhook-retries',
    columns: ['Attempt', 'Delay before it', 'Time since the first attempt'],
    rows: [
      [1, 'immediately', duration(0)],
      ...delivery.retryScheduleSeconds.map((delay, i) => {
        since += delay;
        return [i + 2, duration(delay), duration(since)];
      }),
    ],
  };
}
