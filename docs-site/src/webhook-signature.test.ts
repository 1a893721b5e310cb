// The verification code the webhooks guide shows accepts every signed delivery the spec documents
// and refuses tampered, re-signed or stale ones.
import { describe, expect, it } from 'vitest';
import { listOperations, loadSpec } from '../../openapi/tools/spec.js';
import { verifyParleySignature } from './webhook-signature.js';

const spec = loadSpec();
const secret: string = listOperations(spec).find((o) => o.operationId === 'createWebhook')!.op.responses!['201'].content['application/json']
  .examples['create-endpoint'].value.signing_secret;
const deliveries = listOperations(spec, { webhooks: true })
  .filter((o) => o.webhook)
  .flatMap((o) =>
    Object.entries<any>(o.op.requestBody?.content?.['application/json']?.examples ?? {}).map(([name, example]) => {
      const header = o.op.parameters!.find((p: any) => p.name === 'Parley-Signature')!.examples[name].value as string;
      return { event: o.webhook!, name, body: JSON.stringify(example.value), header, t: Number(/t=(\d+)/.exec(header)![1]) };
    }),
  );

describe('verifyParleySignature', () => {
  it('has documented deliveries to check', () => {
    expect(deliveries.length).toBeGreaterThanOrEqual(Object.keys(spec.webhooks).length);
  });

  it.each(deliveries)('accepts the documented $event delivery ($name)', ({ body, header, t }) => {
    expect(verifyParleySignature(body, header, secret, t * 1000 + 1_000)).toBe(true);
  });

  it.each([
    { case: 'a changed body', mutate: (d: (typeof deliveries)[0]) => ({ ...d, body: d.body.replace('}', ',"x":1}') }) },
    { case: 'a re-serialized body', mutate: (d: (typeof deliveries)[0]) => ({ ...d, body: JSON.stringify(JSON.parse(d.body), null, 2) }) },
    { case: 'another secret', mutate: (d: (typeof deliveries)[0]) => d, secret: 'whsec_0000000000000000000000000000000' },
    { case: 'a delivery older than 5 minutes', mutate: (d: (typeof deliveries)[0]) => ({ ...d, t: d.t + 301 }) },
    { case: 'a malformed header', mutate: (d: (typeof deliveries)[0]) => ({ ...d, header: 'v1=abc' }) },
  ])('refuses $case', ({ mutate, secret: other }) => {
    const d = mutate(deliveries[0]);
    expect(verifyParleySignature(d.body, d.header, other ?? secret, d.t * 1000)).toBe(false);
  });
});
