// What a guide is, and the helpers guides share to show an operation's example.
import type { ExamplePair } from '../../../openapi/tools/example-pairs.js';
import type { OperationInfo, SiteContext } from '../context.js';
import type { Language } from '../highlight.js';
import { esc } from '../html.js';
import { codeBlock, codeTabs } from '../layout.js';
import { curlSample, invalidOnPurpose, type SampleOptions, tsCall, tsFull } from '../samples.js';

export interface Guide {
  slug: string;
  title: string;
  /** One line for the landing page and the page's meta description. */
  summary: string;
  /** The page body; `root` is the relative path to the site root. */
  render(ctx: SiteContext, root: string): string;
}

/** The example pair `name` of an operation; fails the build when the spec no longer has it. */
export function pairOf(op: OperationInfo, name?: string): ExamplePair {
  const pair = name ? op.pairs.find((p) => p.name === name) : op.primary;
  if (!pair) throw new Error(`${op.operationId} has no example pair ${name ?? '(primary)'}`);
  return pair;
}

/** curl and TypeScript tabs for one example pair. */
export function sampleTabs(
  ctx: SiteContext,
  op: OperationInfo,
  pair: ExamplePair,
  options: SampleOptions & { full?: boolean } = {},
): string {
  const samples: { label: string; language: Language; code: string }[] = [
    { label: 'curl', language: 'shell', code: curlSample(ctx, op, pair.request, options) },
  ];
  if (!invalidOnPurpose(pair))
    samples.push({ label: 'TypeScript', language: 'ts', code: options.full ? tsFull(ctx, op, pair, options) : tsCall(op, pair, options) });
  return codeTabs(samples);
}

export function responseBlock(pair: ExamplePair, caption?: string): string {
  return codeBlock(
    JSON.stringify(pair.response.value, null, 2),
    'json',
    caption ?? `Response ${pair.response.status} · ${pair.response.mediaType}`,
  );
}

export const opLink = (ctx: SiteContext, root: string, operationId: string, text?: string) =>
  `<a href="${esc(ctx.refLink(root, operationId))}">${esc(text ?? ctx.byId(operationId).summary)}</a>`;

export const methodPath = (op: OperationInfo) =>
  `<span class="method method-${op.method}">${op.method.toUpperCase()}</span> <code>${esc(op.path)}</code>`;
