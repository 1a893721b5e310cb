// The tests a tag's table of example pairs declares (call inside its `describe`), so that every
// handler test file holds only its table: each pair replays on a fresh world as documented, and
// the table covers every pair of the tag's operations.
import { expect, it } from 'vitest';
import { requestErrors } from './assert.js';
import { coveredSteps, documentedSteps, type Scenario, type Step } from './examples.js';
import { World } from './world.js';

/**
 * examples: each pair after the pairs that make the state it documents. schemaRejected: the
 * `validation-error` pairs, invalid on purpose, which the pipeline's request validation answers.
 */
export function examplePairTests(operationIds: string[], examples: { given: Step[]; want: Step }[], schemaRejected: Step[]): void {
  it.each(examples)('$want after $given', ({ given, want }) => {
    expect(new World().given(...given).replay(want).mismatches, want).toEqual([]);
  });

  it.each(schemaRejected)('%s fails the request schema', (step) => {
    expect(requestErrors(step)).not.toEqual([]);
  });

  it('covers every example pair of the tag', () => {
    const covered = new Set([...examples.map((e) => e.want), ...schemaRejected]);
    for (const step of documentedSteps(operationIds)) expect(covered, step).toContain(step);
  });
}

/** Each scenario's pairs replay in order on a fresh world; together they cover every pair of the operations. */
export function scenarioTests(operationIds: string[], table: Scenario[]): void {
  it('the table replays every documented pair', () => {
    expect(coveredSteps(table)).toEqual(documentedSteps(operationIds));
  });

  it.each(table)('$given', ({ steps }) => {
    const world = new World();
    for (const step of steps) expect(world.replay(step).mismatches, step).toEqual([]);
  });
}
