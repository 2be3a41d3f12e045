import { isAppError } from '@faultline/instrumented';
import { createResetGate } from './reset-gate';

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

/** A piece of work that runs until the test ends it, recording when it started. */
function heldWork(log: string[], name: string) {
  let end = (): void => undefined;
  const work = () =>
    new Promise<string>((resolve) => {
      log.push(`${name} started`);
      end = () => {
        log.push(`${name} ended`);
        resolve(name);
      };
    });
  return {
    work,
    end: () => {
      end();
    },
  };
}

describe('reset gate', () => {
  it('lets work run side by side when no reset is under way', async () => {
    const gate = createResetGate(1000);
    const log: string[] = [];
    const a = heldWork(log, 'a');
    const b = heldWork(log, 'b');
    const both = Promise.all([gate.pass(a.work), gate.pass(b.work)]);
    await tick();
    expect(log).toEqual(['a started', 'b started']);
    a.end();
    b.end();
    expect(await both).toEqual(['a', 'b']);
  });

  it('runs a reset after the work in flight, and the work that arrives meanwhile after the reset', async () => {
    const gate = createResetGate(1000);
    const log: string[] = [];
    const before = heldWork(log, 'before');
    const reset = heldWork(log, 'reset');
    const after = heldWork(log, 'after');

    const running = gate.pass(before.work);
    await tick();
    const resetting = gate.exclusive(reset.work);
    await tick();
    const held = gate.pass(after.work);
    await tick();
    expect(log).toEqual(['before started']);

    before.end();
    await running;
    await tick();
    expect(log).toEqual(['before started', 'before ended', 'reset started']);
    reset.end();
    await resetting;
    await tick();
    after.end();
    await held;
    expect(log).toEqual([
      'before started',
      'before ended',
      'reset started',
      'reset ended',
      'after started',
      'after ended',
    ]);
  });

  it('runs two resets one after the other, never together', async () => {
    const gate = createResetGate(1000);
    const log: string[] = [];
    const first = heldWork(log, 'first');
    const second = heldWork(log, 'second');
    const one = gate.exclusive(first.work);
    const two = gate.exclusive(second.work);
    await tick();
    expect(log).toEqual(['first started']);
    first.end();
    await one;
    await tick();
    second.end();
    await two;
    expect(log).toEqual(['first started', 'first ended', 'second started', 'second ended']);
  });

  it('gives up on work that does not end in time with 503 reset_busy, running nothing, and opens again', async () => {
    const gate = createResetGate(100);
    const log: string[] = [];
    const stuck = heldWork(log, 'stuck');
    const reset = heldWork(log, 'reset');
    const running = gate.pass(stuck.work);

    const failure = await gate.exclusive(reset.work).catch((error: unknown) => error);

    expect(isAppError(failure) && [failure.status, failure.code]).toEqual([503, 'reset_busy']);
    expect(log).toEqual(['stuck started']);
    expect(await gate.pass(() => Promise.resolve('next'))).toBe('next');
    stuck.end();
    await running;
  });

  it('keeps working after a reset that threw', async () => {
    const gate = createResetGate(100);
    await expect(gate.exclusive(() => Promise.reject(new Error('database down')))).rejects.toThrow(
      'database down',
    );
    expect(await gate.pass(() => Promise.resolve('served'))).toBe('served');
  });
});
