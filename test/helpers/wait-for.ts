// Polls a condition until it holds: tests wait for outcomes, never for a fixed time.

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said when the wait times out, with the last value or error seen. */
  message?: string;
}

/**
 * Resolves with the condition's first truthy result. A condition that throws counts as "not yet"
 * (so `expect(...)` can be used inside); on timeout the last error or value is reported.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${options.message ?? 'condition not met'} (after ${timeoutMs} ms; last: ${seen})`, { cause: last });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
