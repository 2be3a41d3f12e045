import { canarySlot } from './canary-slot';
import type { ReleaseProcess } from './canary-slot';

/** A started payment release as the slot sees it: a URL, a pid, a process that may exit. */
function release(version: string, port: number) {
  let exit: (code: number | null) => void = () => undefined;
  const exited = new Promise<number | null>((resolve) => {
    exit = resolve;
  });
  const state = { stopped: false };
  const process: ReleaseProcess & { version: string } = {
    url: `http://127.0.0.1:${port}`,
    pid: port,
    exited,
    stop: () => {
      state.stopped = true;
      exit(0);
      return exited;
    },
    version,
  };
  return {
    process,
    state,
    crash: () => {
      exit(1);
    },
  };
}

describe('canarySlot', () => {
  const slotWith = () => {
    const started: ReturnType<typeof release>[] = [];
    const lines: string[] = [];
    const slot = canarySlot({
      start: async (version) => {
        const next = release(version, 3014 + started.length);
        started.push(next);
        await new Promise((resolve) => setTimeout(resolve, 10));
        return next.process;
      },
      log: (line) => lines.push(line),
    });
    return { slot, started, lines };
  };

  it('runs one canary: a second deploy stops the first before starting', async () => {
    const { slot, started } = slotWith();
    await slot.deploy('0.2.0');
    const second = await slot.deploy('0.3.0');
    expect(started[0]?.state.stopped).toBe(true);
    expect(second).toEqual({
      service: 'payment',
      version: '0.3.0',
      url: 'http://127.0.0.1:3015',
      pid: 3015,
    });
    expect(slot.current()?.version).toBe('0.3.0');
  });

  it('takes calls one at a time, in order: a rollback sent during a deploy stops what it started', async () => {
    const { slot } = slotWith();
    const deploying = slot.deploy('0.2.0');
    const rollingBack = slot.rollback();
    expect((await deploying).version).toBe('0.2.0');
    expect((await rollingBack)?.version).toBe('0.2.0');
    expect(slot.current()).toBeUndefined();
    expect(await slot.rollback()).toBeUndefined();
  });

  it('does not restart a canary that exits, and says so', async () => {
    const { slot, started, lines } = slotWith();
    await slot.deploy('0.2.0');
    started[0]?.crash();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(slot.current()).toBeUndefined();
    expect(started).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/payment canary 0\.2\.0 exited \(code 1\): not restarted/);
  });

  it('unlists a canary before stopping it when asked, so discovery drops it first', async () => {
    const { slot, started } = slotWith();
    await slot.deploy('0.2.0');
    let dropped = (): void => undefined;
    const rollingBack = slot.rollback({
      unlistFirst: () => new Promise<void>((resolve) => (dropped = resolve)),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Gone from the list (the targets Prometheus reads), still running until discovery dropped it.
    expect(slot.current()).toBeUndefined();
    expect(started[0]?.state.stopped).toBe(false);
    dropped();
    expect((await rollingBack)?.version).toBe('0.2.0');
    expect(started[0]?.state.stopped).toBe(true);
  });

  it('carries on after a failed start', async () => {
    let fail = true;
    const slot = canarySlot({
      start: (version) =>
        fail
          ? Promise.reject(new Error(`payment ${version} exited before listening`))
          : Promise.resolve(release(version, 3014).process),
      log: () => undefined,
    });
    await expect(slot.deploy('9.9.9')).rejects.toThrow(/exited before listening/);
    fail = false;
    expect((await slot.deploy('0.2.0')).version).toBe('0.2.0');
  });
});
