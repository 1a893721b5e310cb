// The document Specmatic reads: every required parameter gets an example under each example name its operation uses.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../openapi/tools/spec.js';
import { requestExampleNames, specmaticDocument } from './specmatic-spec.js';

const spec = {
  paths: {
    '/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver': {
      post: {
        operationId: 'redeliver',
        parameters: [
          { name: 'webhook_id', in: 'path', required: true, schema: { type: 'string', example: 'whk_1' } },
          { $ref: '#/components/parameters/DeliveryId' },
          { name: 'verbose', in: 'query', schema: { type: 'boolean', example: true } },
        ],
        responses: {},
      },
    },
    '/v1/account': {
      parameters: [{ name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' }, examples: { a: { value: 't' } } }],
      get: { operationId: 'getAccount', responses: {} },
    },
  },
  components: {
    parameters: {
      DeliveryId: {
        name: 'delivery_id',
        in: 'path',
        required: true,
        schema: { type: 'string', example: 'whatt_1' },
        examples: { redeliver: { value: 'whatt_2' }, 'not-found': { value: 'whatt_0' } },
      },
    },
  },
};

describe('requestExampleNames', () => {
  it('collects names from parameters ($ref resolved) and request bodies', () => {
    const body = { content: { 'application/json': { examples: { sms: {}, 'bad-number': {} } } } };
    expect(
      requestExampleNames(spec, spec.paths['/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver'].post.parameters, body),
    ).toEqual(['bad-number', 'not-found', 'redeliver', 'sms']);
    expect(requestExampleNames(spec, [], undefined)).toEqual([]);
  });
});

describe('specmaticDocument', () => {
  const doc = specmaticDocument(spec);
  const params = doc.paths['/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver'].post.parameters;

  it('gives a required parameter without them an example of every name, from its schema', () =>
    expect(params[0].examples).toEqual({ 'not-found': { value: 'whk_1' }, redeliver: { value: 'whk_1' } }));
  it('leaves a parameter that has every name as it is ($ref kept)', () =>
    expect(params[1]).toEqual({ $ref: '#/components/parameters/DeliveryId' }));
  it('leaves optional parameters alone', () => expect(params[2].examples).toBeUndefined());
  it('moves path-level parameters onto the operation', () => {
    expect(doc.paths['/v1/account'].parameters).toBeUndefined();
    expect(doc.paths['/v1/account'].get.parameters).toEqual([spec.paths['/v1/account'].parameters[0]]);
  });
  it('does not change its input', () => expect(spec.paths['/v1/account'].parameters).toHaveLength(1));

  it('leaves no required parameter of the real spec short of a name its operation uses', () => {
    const real = specmaticDocument(loadSpec());
    const missing: string[] = [];
    for (const [path, item] of Object.entries<any>(real.paths))
      for (const [method, op] of Object.entries<any>(item)) {
        const resolve = (p: any) => (p.$ref ? real.components.parameters[p.$ref.split('/').at(-1)] : p);
        const params = (op.parameters ?? []).map(resolve);
        const names = requestExampleNames(real, op.parameters ?? [], op.requestBody);
        for (const p of params)
          if (p.required) for (const n of names) if (!p.examples?.[n]) missing.push(`${method} ${path} ${p.name} ${n}`);
      }
    expect(missing).toEqual([]);
  });
});
