import { setTimeout as sleep } from 'node:timers/promises';
import { createPeriodicTask } from './periodic-task';

describe('createPeriodicTask', () => {
  it('runs, waits the interval, runs again; never two runs at once', async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const task = createPeriodicTask({
      intervalMs: 5,
      run: async () => {
        active++;
        overlapped ||= active > 1;
        await sleep(20);
        runs++;
        active--;
      },
      onError: () => undefined,
      runAtStart: true,
    });
    task.start();
    task.start();
    // Until the second run ends (about 45 ms; a machine busy with other suites may take longer),
    // not a fixed sleep: the assertion is the order of runs, not the machine's speed.
    for (let waited = 0; runs < 2 && waited < 5000; waited += 10) await sleep(10);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(overlapped).toBe(false);
  });

  it('says it started once per start of a stopped loop, not on a repeated start()', async () => {
    let starts = 0;
    const task = createPeriodicTask({
      intervalMs: 1000,
      run: () => Promise.resolve(),
      onError: () => undefined,
      onStart: () => starts++,
    });
    task.start();
    task.start();
    expect(starts).toBe(1);
    await task.stop();
    task.start();
    expect(starts).toBe(2);
    await task.stop();
  });

  it('waits in stop() for the run in progress, and runs no more after', async () => {
    let finished = 0;
    const task = createPeriodicTask({
      intervalMs: 1,
      run: async () => {
        await sleep(50);
        finished++;
      },
      onError: () => undefined,
      runAtStart: true,
    });
    task.start();
    await sleep(10);
    await task.stop();
    expect(finished).toBe(1);
    await sleep(30);
    expect(finished).toBe(1);
  });

  it('reports a failed run and keeps going, even when the report itself throws', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const task = createPeriodicTask({
      intervalMs: 5,
      run: () => {
        runs++;
        return Promise.reject(new Error(`run ${runs} failed`));
      },
      onError: (error) => {
        errors.push(error);
        throw new Error('the logger broke');
      },
    });
    task.start();
    await sleep(60);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(runs);
  });

  it('waits one interval before the first run unless told to run at start', async () => {
    let runs = 0;
    const task = createPeriodicTask({
      intervalMs: 200,
      run: () => {
        runs++;
        return Promise.resolve();
      },
      onError: () => undefined,
    });
    task.start();
    await sleep(50);
    await task.stop();
    expect(runs).toBe(0);
  });
});
