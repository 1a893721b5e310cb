// Problem bodies stay inside the Problem schema whatever the client sent (details and field errors
// echo input of any length), and transport-level answers carry their own status.
import { describe, expect, it } from 'vitest';
import { validateComponent } from '../testing/assert.js';
import { ApiError, problemBody, transportProblem } from './problem.js';

const REQUEST_ID = 'req_AAAAAAAAAAAAAAAAAAAAAA';

describe('problemBody', () => {
  it('clips a detail, field names and messages that echo long input to the schema bounds', () => {
    const err = new ApiError('NOT_FOUND', `No contact ${'x'.repeat(5_000)} exists in this account.`, {
      errors: [{ field: `body.${'k'.repeat(1_000)}`, message: 'm'.repeat(1_000) }],
    });
    const body = problemBody(err, REQUEST_ID);
    expect(validateComponent('Problem', body)).toEqual([]);
    expect(body.detail).toHaveLength(2_000);
    expect(body.detail.endsWith('…')).toBe(true);
    expect(body.errors?.[0].field).toHaveLength(200);
    expect(body.errors?.[0].message).toHaveLength(500);
  });

  it('leaves short text alone', () => {
    expect(problemBody(new ApiError('NOT_FOUND', 'No contact ctc_1 exists in this account.'), REQUEST_ID).detail).toBe(
      'No contact ctc_1 exists in this account.',
    );
  });
});

describe('transportProblem', () => {
  it.each([
    [400, 'Malformed request'],
    [408, 'Request timeout'],
    [417, 'Expectation failed'],
    [431, 'Request header fields too large'],
  ] as const)('%i: its own status and title, code MALFORMED_REQUEST', (status, title) => {
    const body = transportProblem(status, 'why', REQUEST_ID);
    expect(body).toMatchObject({ status, title, code: 'MALFORMED_REQUEST', detail: 'why', request_id: REQUEST_ID });
    expect(validateComponent('Problem', body)).toEqual([]);
  });
});
