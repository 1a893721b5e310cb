// Polls a URL until anything answers over HTTP (any status), so a spawned server counts as ready
// only when it really accepts requests. Gives up when `alive()` turns false or after `timeoutMs`.
export async function waitForHttp(url: string, options: { timeoutMs?: number; alive?: () => boolean } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let lastError = '';
  while (Date.now() < deadline) {
    if (options.alive && !options.alive()) throw new Error(`the process serving ${url} exited before it was ready`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs ?? 60_000} ms (${lastError})`);
}
