/**
 * Reads `read` until `done` holds of what it returns or `timeoutMs` passes, and returns the last
 * reading either way: the caller asserts on it, so a state that never comes fails with what was
 * there instead of a bare timeout.
 */
export async function eventually<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
