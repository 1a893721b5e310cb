// Code samples: curl and TypeScript are built from the example pairs, and every TypeScript sample
// (reference and examples pages, and the webhooks guide's receiver) compiles against
// generated/schema.d.ts with openapi-fetch and standardwebhooks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../openapi/tools/paths.js';
import { loadSpec } from '../../openapi/tools/spec.js';
import { buildContext } from './context.js';
import { RECEIVER_TYPES_IMPORT, receiverSource } from './guides/webhooks.js';
import { curlSample, documentedAnswer, invalidOnPurpose, tsCall, tsClientSetup, tsLiteral } from './samples.js';

const ctx = buildContext(loadSpec());
const pair = (operationId: string, name: string) => ctx.byId(operationId).pairs.find((p) => p.name === name)!;

describe('curlSample', () => {
  it.each([
    {
      operationId: 'getCall',
      example: 'not-found',
      want: 'curl https://api.parley.dev/v1/calls/call_0000000000000000000000 \\\n  -H "Authorization: Bearer $PARLEY_API_KEY"',
    },
    {
      operationId: 'listAgents',
      example: 'validation-error',
      want: 'curl "https://api.parley.dev/v1/agents?limit=500" \\\n  -H "Authorization: Bearer $PARLEY_API_KEY"',
    },
    {
      operationId: 'verifyEmail',
      example: 'undeliverable',
      want: `curl -X POST https://api.parley.dev/v1/email/verify \\\n  -H "Authorization: Bearer $PARLEY_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{\n    "email": "undeliverable@example.com"\n  }'`,
    },
  ])('$operationId $example', ({ operationId, example, want }) => {
    expect(curlSample(ctx, ctx.byId(operationId), pair(operationId, example).request)).toBe(want);
  });

  it('quotes single quotes in bodies for the shell', () => {
    const op = ctx.byId('createContact');
    const req = { ...pair('createContact', 'contact').request, body: { name: "O'Brien" } };
    expect(curlSample(ctx, op, req)).toContain(`"name": "O'\\''Brien"`);
  });
});

describe('documentedAnswer and tsLiteral', () => {
  it.each([
    { operationId: 'triggerCall', example: 'insufficient-balance', want: '402 INSUFFICIENT_BALANCE' },
    { operationId: 'triggerCall', example: 'outbound-call', want: '201' },
  ])('$operationId $example answers $want', ({ operationId, example, want }) => {
    expect(documentedAnswer(pair(operationId, example))).toBe(want);
  });

  it('writes TypeScript literals', () => {
    expect(tsLiteral({ a: 1, 'b-c': ["it's"], d: { e: null } })).toBe("{\n  a: 1,\n  'b-c': ['it\\'s'],\n  d: {\n    e: null,\n  },\n}");
  });
});

describe('TypeScript samples', () => {
  it('compile against the generated types: every openapi-fetch sample and the webhook receiver', () => {
    const samples = ctx.operations.flatMap((op) => op.pairs.filter((p) => !invalidOnPurpose(p)).map((p) => ({ op, p })));
    expect(samples.length).toBeGreaterThan(100);
    const dir = join(repoRoot, 'reports', 'samples-typecheck');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'samples.ts');
    const setup = tsClientSetup(ctx).replace("'./parley-api'", "'../../generated/schema.js'");
    const bodies = samples.map(
      ({ op, p }, i) => `// ${op.operationId} ${p.name}\nexport async function sample${i}() {\n${tsCall(op, p)}\n}`,
    );
    writeFileSync(file, `${setup}\n\n${bodies.join('\n\n')}\n`);
    const receiver = join(dir, 'receiver.ts');
    writeFileSync(receiver, `${receiverSource().replace(RECEIVER_TYPES_IMPORT.shown, "'../../generated/schema.js'")}\n`);
    const program = ts.createProgram([file, receiver], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      skipLibCheck: true,
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `${d.file?.fileName.split('/').pop()}:${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(errors).toEqual([]);
  });
});
