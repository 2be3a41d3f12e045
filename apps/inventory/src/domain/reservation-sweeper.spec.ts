import { createLogger } from '@faultline/instrumented';
import { captureLogs } from '@faultline/instrumented/testing';
import { ReservationSweeper } from './reservation-sweeper';

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

describe('ReservationSweeper', () => {
  const logs = captureLogs();
  const logger = createLogger({ service: 'inventory', destination: logs.destination });

  it('sweeps every interval from start until stop', async () => {
    let runs = 0;
    const sweeper = new ReservationSweeper({
      intervalMs: 20,
      logger,
      sweep: () => {
        runs += 1;
        return Promise.resolve(0);
      },
    });
    await sleep(60);
    expect(runs).toBe(0);

    sweeper.start();
    await sleep(150);
    await sweeper.stop();
    expect(runs).toBeGreaterThanOrEqual(3);

    const afterStop = runs;
    await sleep(80);
    expect(runs).toBe(afterStop);
  });

  it('never runs two sweeps at once, and stop waits for the one in progress', async () => {
    let active = 0;
    let mostAtOnce = 0;
    let finished = 0;
    const sweeper = new ReservationSweeper({
      intervalMs: 5,
      logger,
      sweep: async () => {
        active += 1;
        mostAtOnce = Math.max(mostAtOnce, active);
        await sleep(40);
        active -= 1;
        finished += 1;
        return 0;
      },
    });
    sweeper.start();
    while (active === 0) await sleep(1);
    await sweeper.stop();
    expect(active).toBe(0);
    expect(finished).toBeGreaterThanOrEqual(1);
    expect(mostAtOnce).toBe(1);
  });

  it('logs a failed sweep as a warning and keeps sweeping', async () => {
    let runs = 0;
    const sweeper = new ReservationSweeper({
      intervalMs: 10,
      logger,
      sweep: () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error('database went away')) : Promise.resolve(2);
      },
    });
    sweeper.start();
    await sleep(100);
    await sweeper.stop();

    expect(runs).toBeGreaterThanOrEqual(2);
    const lines = logs.lines();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        event: 'reservation_sweep_failed',
        error: expect.objectContaining({ message: 'database went away' }),
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'info', event: 'reservations_expired', count: 2 }),
    );
  });
});
