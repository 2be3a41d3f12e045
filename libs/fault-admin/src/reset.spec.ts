import type { ResetReport } from '@faultline/contracts';
import { FaultAdminError } from './fault-admin';
import { DATA_SERVICES, resetStack } from './reset';
import type { DataService, ResetStep } from './reset';

/** A process that clears `held` faults and resets `rows`, or fails as told, recording its calls. */
function process(name: string, calls: string[], fail?: FaultAdminError) {
  return {
    clear: () => {
      calls.push(`${name} clear`);
      return fail ? Promise.reject(fail) : Promise.resolve(2);
    },
    resetData: (): Promise<ResetReport> => {
      calls.push(`${name} reset`);
      return fail
        ? Promise.reject(fail)
        : Promise.resolve({ [`${name}_rows`]: { removed: 4, seeded: 1 } });
    },
  };
}

describe('resetStack', () => {
  it('clears every process first, then resets the data in order, reporting each step as it ends', async () => {
    const calls: string[] = [];
    const down = new FaultAdminError(
      'payment is not reachable at http://p',
      'unreachable',
      'payment',
    );
    const services = Object.fromEntries(
      DATA_SERVICES.map((name) => [
        name,
        process(name, calls, name === 'payment' ? down : undefined),
      ]),
    ) as Record<DataService, ReturnType<typeof process>>;
    const streamed: ResetStep[] = [];
    const steps = await resetStack(
      { faults: { ...services, gateway: process('gateway', calls) }, data: services },
      { delete: false, detail: 'series kept (not asked)' },
      (step) => streamed.push(step),
    );
    expect(calls).toEqual([
      'order clear',
      'inventory clear',
      'payment clear',
      'catalog clear',
      'gateway clear',
      'order reset',
      'inventory reset',
      'payment reset',
      'catalog reset',
    ]);
    expect(streamed).toEqual(steps);
    expect(
      steps.map(
        (step) => `${step.ok ? 'ok' : 'failed'} ${step.target} ${step.action}: ${step.detail}`,
      ),
    ).toEqual([
      'ok order clear_faults: cleared 2 faults',
      'ok inventory clear_faults: cleared 2 faults',
      'failed payment clear_faults: payment is not reachable at http://p',
      'ok catalog clear_faults: cleared 2 faults',
      'ok gateway clear_faults: cleared 2 faults',
      'ok order reset_data: data reset to the seed (order_rows: 4 removed, 1 seeded)',
      'ok inventory reset_data: data reset to the seed (inventory_rows: 4 removed, 1 seeded)',
      'failed payment reset_data: payment is not reachable at http://p',
      'ok catalog reset_data: data reset to the seed (catalog_rows: 4 removed, 1 seeded)',
      'ok prometheus keep_series: series kept (not asked)',
    ]);
    expect(steps[2]?.error).toBe(down);
    expect(steps[5]).toMatchObject({ tables: { order_rows: { removed: 4, seeded: 1 } } });
  });

  it('reports a Prometheus that cannot be reached, after resetting everything else', async () => {
    const calls: string[] = [];
    const services = Object.fromEntries(
      DATA_SERVICES.map((name) => [name, process(name, calls)]),
    ) as Record<DataService, ReturnType<typeof process>>;
    const steps = await resetStack(
      { faults: services, data: services },
      // Port 9 (discard) is one fetch refuses to connect to: no answer, at once.
      { delete: true, prometheusUrl: 'http://127.0.0.1:9' },
    );
    expect(steps.filter((step) => step.target === 'prometheus')).toEqual([
      expect.objectContaining({
        action: 'delete_series',
        ok: false,
        detail: 'Prometheus is not reachable at http://127.0.0.1:9',
      }),
      expect.objectContaining({ action: 'clean_tombstones', ok: false }),
    ]);
    expect(calls).toHaveLength(8);
  });

  it('lets any other error through: it is a bug, not a process that failed', async () => {
    const broken = {
      clear: () => Promise.reject(new TypeError('bug')),
      resetData: () => Promise.resolve({}),
    };
    const services = Object.fromEntries(DATA_SERVICES.map((name) => [name, broken])) as Record<
      DataService,
      typeof broken
    >;
    await expect(
      resetStack({ faults: services, data: services }, { delete: false, detail: '' }),
    ).rejects.toThrow('bug');
  });
});
