import { describe, expect, it } from 'vitest';
import { endpointUrlProblem } from './endpoint-url.js';

describe('endpointUrlProblem', () => {
  it.each([
    { given: 'https://hooks.acme.example/parley', loopback: false, want: undefined },
    { given: 'http://hooks.acme.example/parley', loopback: false, want: 'must be an https:// URL' },
    { given: 'not a url', loopback: false, want: 'must be an absolute https:// URL' },
    { given: 'https://user:pw@hooks.acme.example/', loopback: false, want: 'must not carry credentials' },
    { given: 'https://10.0.0.7/hook', loopback: false, want: 'must not point at a private' },
    { given: 'https://169.254.169.254/latest', loopback: false, want: 'must not point at' },
    { given: 'https://[::1]/hook', loopback: false, want: 'must not point at' },
    { given: 'https://127.0.0.1/hook', loopback: false, want: 'must not point at' },
    { given: 'https://localhost/hook', loopback: false, want: 'must not point at localhost' },
    { given: 'http://127.0.0.1:8080/hook', loopback: false, want: 'must be an https:// URL' },
    { given: 'http://127.0.0.1:8080/hook', loopback: true, want: undefined },
    { given: 'http://127.0.0.1/hook', loopback: true, want: 'or http://127.0.0.1:<port>/' },
    { given: 'http://10.0.0.7:8080/hook', loopback: true, want: 'must be an https:// URL' },
    { given: 'https://10.0.0.7/hook', loopback: true, want: 'must not point at a private' },
  ])('$given (local delivery: $loopback)', ({ given, loopback, want }) => {
    const problem = endpointUrlProblem(given, loopback);
    if (want === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(want);
  });
});
