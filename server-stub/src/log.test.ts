// The JSON log: request lines carry exactly the documented fields, built on the hot path without
// JSON.stringify of a spread object yet byte-for-byte what that would give; lines go out once per
// event-loop turn through fdWriter (asynchronous writes, one in flight, in order), drained before a
// graceful exit, flushed synchronously before one that cannot wait, and bounded when the
// destination stalls.
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fdWriter, jsonLogger, type RequestLine } from './log.js';

const turn = () => new Promise((r) => setImmediate(r));
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'stub-log-')), 'out.log');

describe('jsonLogger', () => {
  const lines: Array<[string, RequestLine, Record<string, unknown>]> = [
    [
      'authenticated',
      {
        request_id: 'req_1',
        method: 'GET',
        route: '/v1/account',
        operation: 'getAccount',
        status: 200,
        ms: 0.42,
        account_id: 'acct_1',
        key_id: 'key_1',
      },
      {},
    ],
    ['no route', { request_id: 'req_2', method: 'PATCH', route: null, operation: null, status: 404, ms: 1 }, { worker: 2, pid: 77 }],
    [
      'a 5xx is an error line',
      { request_id: 'req_3', method: 'POST', route: '/v1/calls', operation: 'triggerCall', status: 503, ms: 12.5 },
      {},
    ],
    ['odd characters stay JSON', { request_id: 'req_"4\\', method: 'M\u2028', route: null, operation: null, status: 400, ms: 0 }, {}],
  ];
  it.each(lines)('writes a request line (%s) as JSON.stringify of the documented fields would', async (_name, fields, base) => {
    const out: string[] = [];
    const log = jsonLogger((t) => out.push(t), base);
    log.request({ ...fields, ...({ authorization: 'Bearer pl_test_secret', body: 'secret' } as object) } as RequestLine);
    await turn();
    expect(out).toHaveLength(1);
    const [line] = out[0].split('\n');
    const parsed = JSON.parse(line);
    const { time, ...rest } = parsed;
    expect(rest).toEqual({ level: fields.status >= 500 ? 'error' : 'info', msg: 'request', ...base, ...fields });
    expect(line).toBe(JSON.stringify({ time, level: rest.level, msg: 'request', ...base, ...fields }));
    expect(line).not.toContain('secret');
  });

  it('batches the lines of one event-loop turn into one write', async () => {
    const out: string[] = [];
    const log = jsonLogger((t) => out.push(t));
    log.info('one');
    log.error('two', { n: 2 });
    await turn();
    log.info('three');
    await turn();
    expect(
      out.map((t) =>
        t
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l).msg),
      ),
    ).toEqual([['one', 'two'], ['three']]);
  });
});

describe('fdWriter', () => {
  it('writes every line, in order, without blocking; drain resolves once they are written', async () => {
    const file = tempFile();
    const fd = openSync(file, 'w');
    const log = jsonLogger(fdWriter(fd));
    for (let i = 0; i < 5_000; i++) {
      log.request({ request_id: `req_${i}`, method: 'GET', route: null, operation: null, status: 200, ms: i });
      if (i % 100 === 0) await turn();
    }
    await log.drain();
    closeSync(fd);
    const written = readFileSync(file, 'utf8').trim().split('\n');
    expect(written.map((l) => JSON.parse(l).ms)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
  });

  it('flushes what is pending synchronously (before an exit that cannot wait)', () => {
    const file = tempFile();
    const fd = openSync(file, 'w');
    const log = jsonLogger(fdWriter(fd));
    log.info('last words');
    log.flush();
    closeSync(fd);
    expect(JSON.parse(readFileSync(file, 'utf8')).msg).toBe('last words');
  });

  it('holds at most its backlog while the destination is slower, then says how many lines it dropped', async () => {
    const file = tempFile();
    const fd = openSync(file, 'w');
    const sink = fdWriter(fd, 1_000);
    // One write goes in flight at once; the rest queue up to ~1 000 bytes, then are dropped.
    for (let i = 0; i < 100; i++) sink.write(`${JSON.stringify({ msg: 'line', i })}\n`);
    await sink.drain();
    closeSync(fd);
    const written = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const kept = written.filter((l) => l.msg === 'line');
    const dropped = written.find((l) => l.msg === 'log lines dropped');
    expect(kept.length).toBeLessThan(100);
    expect(dropped?.count).toBe(100 - kept.length);
    expect(kept.map((l) => l.i)).toEqual([...kept.map((l) => l.i)].sort((a, b) => a - b));
  });
});
