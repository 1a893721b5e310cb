// Every example must validate against its own schema, except request examples paired with a
// 422 VALIDATION_ERROR, which must FAIL it (they document what the API refuses). This is the
// check behind `parley/valid-examples` in the README; Redocly's own example rules are off.
import { pairExamples } from './example-pairs.js';
import { createSchemaValidator } from './schema-validator.js';
import { listOperations, type Spec } from './spec.js';

export interface ExampleProblem {
  operationId: string;
  example: string;
  where: string;
  message: string;
}

const isValidationError = (value: any) => value?.code === 'VALIDATION_ERROR';

export function exampleProblems(spec: Spec): { problems: ExampleProblem[]; checked: number } {
  const validator = createSchemaValidator(spec);
  const problems: ExampleProblem[] = [];
  let checked = 0;
  for (const { operationId, op } of listOperations(spec, { webhooks: true })) {
    const add = (example: string, where: string, message: string) => problems.push({ operationId, example, where, message });
    // Responses: every example, probes included.
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      for (const [type, media] of Object.entries<any>(response.content ?? {})) {
        for (const [name, ex] of Object.entries<any>(media.examples ?? {})) {
          checked++;
          for (const e of validator.validate(media.schema, ex.value)) add(name, `response ${status} ${type}${e.pointer}`, e.message);
        }
      }
    }
    // Requests: parameters and body, valid unless the example documents a validation error.
    const invalidOnPurpose = new Set(
      pairExamples(op)
        .pairs.filter((p) => isValidationError(p.response.value))
        .map((p) => p.name),
    );
    const bodyMedia = Object.values<any>(op.requestBody?.content ?? {})[0];
    const names = new Set<string>([
      ...Object.keys(bodyMedia?.examples ?? {}),
      ...(op.parameters ?? []).flatMap((p: any) => Object.keys(p.examples ?? {})),
    ]);
    for (const name of names) {
      checked++;
      const errors: string[] = [];
      for (const p of op.parameters ?? []) {
        const ex = p.examples?.[name];
        if (ex)
          for (const e of validator.validate(p.schema, ex.value))
            errors.push(`${p.in} parameter ${p.name}${e.pointer === '/' ? '' : e.pointer}: ${e.message}`);
      }
      const body = bodyMedia?.examples?.[name];
      if (body) for (const e of validator.validate(bodyMedia.schema, body.value)) errors.push(`body${e.pointer}: ${e.message}`);
      if (invalidOnPurpose.has(name)) {
        if (errors.length === 0) add(name, 'request', 'is paired with a 422 VALIDATION_ERROR but passes its schema; make it invalid');
      } else for (const e of errors) add(name, 'request', e);
    }
  }
  // Schema-level `example`s.
  const visit = (node: any, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const [i, n] of node.entries()) visit(n, `${path}/${i}`);
      return;
    }
    if ('example' in node && (node.type || node.$ref || node.enum || node.const || node.oneOf || node.pattern)) {
      checked++;
      const { example, ...schema } = node;
      for (const e of validator.validate(schema, example))
        problems.push({
          operationId: '-',
          example: 'schema example',
          where: `${path}${e.pointer === '/' ? '' : e.pointer}`,
          message: e.message,
        });
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'example') visit(v, `${path}/${k}`);
  };
  visit(spec.components?.schemas, '#/components/schemas');
  return { problems, checked };
}
