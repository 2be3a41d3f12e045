import { FaultAdminError } from '@faultline/fault-admin';
import type { FaultAdmin, StackAdmin } from '@faultline/fault-admin';
import { describe, expect, it } from 'vitest';
import { PROCESSES } from './processes';
import type { ProcessName } from './processes';
import {
  activeRunNames,
  clearedCount,
  clearedText,
  hiddenBy,
  onEveryProcess,
  stackLine,
} from './stack-actions';
import type { ProcessOutcome } from './stack-actions';

/** A stack whose processes clear `held` faults each, except those that fail as told. */
function stackOf(fail: Partial<Record<ProcessName, FaultAdminError>>): StackAdmin<ProcessName> {
  const admin = (name: ProcessName): FaultAdmin => {
    const failing = fail[name];
    const clear = () => (failing ? Promise.reject(failing) : Promise.resolve(2));
    return {
      name,
      baseUrl: `/x/${name}`,
      clear,
      apply: () => Promise.reject(new Error('not used')),
      list: () => Promise.resolve([]),
      remove: () => Promise.resolve(true),
      seed: () => Promise.resolve(),
      resetData: () => Promise.resolve({}),
    };
  };
  return Object.fromEntries(
    PROCESSES.map((name) => [name, admin(name)]),
  ) as StackAdmin<ProcessName>;
}

describe('onEveryProcess', () => {
  it('clears every process, and one that cannot be reached stops no other', async () => {
    const outcomes = await onEveryProcess(
      stackOf({
        payment: new FaultAdminError('payment is not reachable', 'unreachable', 'payment', 503),
      }),
      (admin) => admin.clear(),
    );
    expect(outcomes.map(clearedText)).toEqual([
      'catalog: cleared 2 faults',
      'inventory: cleared 2 faults',
      'order: cleared 2 faults',
      'payment: not cleared: payment is not reachable',
      'gateway: cleared 2 faults',
    ]);
    expect(outcomes.find((o) => o.process === 'payment')).toMatchObject({
      ok: false,
      unauthorized: false,
    });
  });

  it('tells a refused token apart', async () => {
    const refused = new FaultAdminError(
      'order refused the admin token (403)',
      'unauthorized',
      'order',
      403,
    );
    const outcomes = await onEveryProcess(stackOf({ order: refused }), (admin) => admin.clear());
    expect(outcomes.find((o) => o.process === 'order')).toMatchObject({
      ok: false,
      unauthorized: true,
    });
  });
});

describe('hiddenBy', () => {
  const codenames = new Set(['iron-moth', 'slow-tide']);

  it("hides a mystery's rules until it is revealed; every other rule is shown", () => {
    expect(hiddenBy({ id: 'iron-moth.1' }, codenames, new Set())).toBe('iron-moth');
    expect(hiddenBy({ id: 'iron-moth.1' }, codenames, new Set(['iron-moth']))).toBeUndefined();
    expect(hiddenBy({ id: 'inventory-db-slowdown.1' }, codenames, new Set())).toBeUndefined();
    expect(hiddenBy({ id: 'iron-moth' }, codenames, new Set())).toBeUndefined();
    expect(hiddenBy({ id: 'gw-503' }, codenames, new Set())).toBeUndefined();
  });
});

describe('activeRunNames', () => {
  it('finds the runs with an active fault on any process, by name or codename', () => {
    const names = new Set([
      'inventory-db-slowdown',
      'iron-moth',
      'slow-tide',
      'catalog-memory-leak',
    ]);
    expect(
      activeRunNames(
        [
          { process: 'inventory', ok: true, value: [{ id: 'iron-moth.1' }, { id: 'by-hand' }] },
          { process: 'catalog', ok: true, value: [{ id: 'catalog-memory-leak.2' }] },
          { process: 'order', ok: true, value: [{ id: 'unknown-thing.1' }] },
          { process: 'payment', ok: false, message: 'not reachable', unauthorized: false },
        ],
        names,
      ),
    ).toEqual(new Set(['iron-moth', 'catalog-memory-leak']));
  });
});

describe('stackLine', () => {
  const ok = (process: ProcessName, value: number): ProcessOutcome<number> => ({
    process,
    ok: true,
    value,
  });
  const down = (process: ProcessName, message: string): ProcessOutcome<number> => ({
    process,
    ok: false,
    message,
    unauthorized: false,
  });

  it('sums what every process did on a stack', () => {
    expect(
      stackLine([ok('catalog', 0), ok('order', 2), ok('gateway', 1)], clearedCount, 'not cleared'),
    ).toEqual({ ok: true, text: 'cleared 3 faults' });
  });

  it('says once why a stack that is down as a whole did nothing', () => {
    const why = 'down is not reachable at http://127.0.0.1:9 (ECONNREFUSED).';
    expect(
      stackLine(
        PROCESSES.map((process) => down(process, why)),
        clearedCount,
        'not cleared',
      ),
    ).toEqual({ ok: false, text: `not cleared: ${why}` });
    // Each connection may fail its own way (refused, reset): still one reason, the first.
    expect(
      stackLine(
        [down('catalog', why), down('order', why.replace('ECONNREFUSED', 'ECONNRESET'))],
        clearedCount,
        'not cleared',
      ),
    ).toEqual({ ok: false, text: `not cleared: ${why}` });
  });

  it('names the processes a stack could not reach, beside what the others did', () => {
    expect(
      stackLine(
        [ok('catalog', 1), down('payment', 'payment is not reachable'), ok('gateway', 0)],
        clearedCount,
        'not cleared',
      ),
    ).toEqual({
      ok: false,
      text: 'cleared 1 fault; not cleared on payment: payment is not reachable',
    });
  });
});
