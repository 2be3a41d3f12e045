import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaults, faultInjection } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger, createServiceApp } from '@faultline/instrumented';
import { captureLogs, freshMetrics } from '@faultline/instrumented/testing';
import { SERVICES } from '@faultline/scenarios';
import type { ServiceName } from '@faultline/scenarios';
import { main } from './main';
import { parseHosts, resolveStacks } from './targets';

const TOKEN = 'room-token';
const PORTS: Record<ServiceName, number> = {
  catalog: 3001,
  inventory: 3002,
  order: 3003,
  payment: 3004,
  gateway: 8080,
};

/**
 * A stack as --hosts sees it: every process's real /admin/faults (the fault engine and its admin
 * routes) on its default port of one loopback address (127.0.0.2, 127.0.0.3…).
 */
async function startAdminStack(host: string) {
  const engines = {} as Record<ServiceName, Faults>;
  const servers: Server[] = [];
  for (const service of SERVICES) {
    const engine = createFaults();
    engines[service] = engine;
    const logger = createLogger({ service, destination: captureLogs().destination });
    const app = createServiceApp(
      { logger, metrics: freshMetrics(), ...faultInjection({ engine, adminToken: TOKEN }) },
      () => undefined,
    );
    const server = app.listen(PORTS[service], host);
    await once(server, 'listening');
    servers.push(server);
  }
  return {
    engines,
    async stop() {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
      await Promise.all(Object.values(engines).map((engine) => engine.close()));
    },
  };
}

async function cli(args: string[]) {
  const lines: string[] = [];
  const code = await main(args, { FAULT_ADMIN_TOKEN: TOKEN }, (line) => lines.push(line));
  return { code, text: lines.join('\n') };
}

describe('a room of stacks (--hosts, --hosts-file)', () => {
  let a: Awaited<ReturnType<typeof startAdminStack>>;
  let b: Awaited<ReturnType<typeof startAdminStack>>;
  beforeAll(async () => {
    a = await startAdminStack('127.0.0.2');
    b = await startAdminStack('127.0.0.3');
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
  });
  afterEach(() => {
    for (const stack of [a, b]) for (const engine of Object.values(stack.engines)) engine.clear();
  });

  it('applies, shows and clears on every stack, and a stopped one stops none of the others', async () => {
    // 127.0.0.4 runs nothing: a stack that was stopped.
    const hosts = '127.0.0.2,127.0.0.4,127.0.0.3';
    const applied = await cli([
      'apply',
      '--hosts',
      hosts,
      '--service',
      'payment',
      '--point',
      'payment.fraud',
      '--kind',
      'cpu_burn',
      '--id',
      'room-1',
    ]);
    expect(applied.code).toBe(1);
    expect(applied.text).toMatch(/^\[127\.0\.0\.2\] applied room-1 on payment until /m);
    expect(applied.text).toMatch(/^\[127\.0\.0\.3\] applied room-1 on payment until /m);
    expect(applied.text).toMatch(
      /^\[127\.0\.0\.4\] faultline: payment is not reachable at http:\/\/127\.0\.0\.4:3004/m,
    );
    expect(applied.text.split('\n').at(-1)).toBe('1 of 3 stacks failed: 127.0.0.4');
    for (const stack of [a, b]) {
      expect(stack.engines.payment.list().map((r) => r.id)).toEqual(['room-1']);
    }

    const dir = mkdtempSync(join(tmpdir(), 'room-'));
    writeFileSync(
      join(dir, 'hosts'),
      '# the two groups by the window\n127.0.0.2\n\n127.0.0.3  # group B\n',
    );
    const status = await cli(['status', '--hosts-file', join(dir, 'hosts')]);
    expect(status.code).toBe(0);
    expect(status.text).toMatch(/^\[127\.0\.0\.3\] {3}room-1 {2}payment\.fraud cpu_burn/m);
    expect(status.text.split('\n').at(-1)).toBe('all 2 stacks: done');

    const cleared = await cli(['clear', '--hosts', '127.0.0.2,127.0.0.3']);
    expect(cleared.code).toBe(0);
    expect(cleared.text).toMatch(/^\[127\.0\.0\.2\] payment: cleared 1$/m);
    expect(cleared.text).toMatch(/^\[127\.0\.0\.3\] gateway: cleared 0$/m);
    for (const stack of [a, b]) expect(stack.engines.payment.list()).toEqual([]);
  });

  it('runs the same mystery on every stack and ends it everywhere', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const running = main(
      ['run', '--mystery', 'first-frost', '--hosts', '127.0.0.2,127.0.0.3'],
      { FAULT_ADMIN_TOKEN: TOKEN },
      (line) => lines.push(line),
      controller.signal,
    );
    for (let i = 0; i < 100 && b.engines.payment.list().length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(a.engines.payment.list().map((r) => r.id)).toEqual(['first-frost.1']);
    expect(b.engines.payment.list().map((r) => r.id)).toEqual(['first-frost.1']);
    const ended = await cli(['end', 'first-frost', '--hosts', '127.0.0.2,127.0.0.3']);
    expect(ended.text).toMatch(/^\[127\.0\.0\.3\] first-frost: removed 1 fault$/m);
    controller.abort();
    expect(await running).toBe(130);
    expect(lines).toContain('[127.0.0.2] Mystery first-frost');
  });
});

describe('resolveStacks', () => {
  it('reads a hosts file: one host a line, comments and blank lines skipped', () => {
    expect(parseHosts('a\n# b\n\n  c  # the last\n')).toEqual(['a', 'c']);
  });

  it('reads a room as the control room’s CONTROL_STACKS does, lines or commas, but only hosts', () => {
    expect(parseHosts('a, b\nc # the last')).toEqual(['a', 'b', 'c']);
    expect(() => parseHosts('a\na')).toThrow('a is listed twice');
    expect(() => resolveStacks({ hosts: 'a,group-b=http://10.0.0.12:8080' }, {})).toThrow(
      'group-b=http://10.0.0.12:8080: give a host (the CLI reaches each service on its default port), not a gateway URL',
    );
  });

  it('refuses what would drive the wrong stacks, in one line', () => {
    expect(() => resolveStacks({ hosts: 'a,b', host: 'c' }, {})).toThrow(
      '--hosts drives each host on its default ports: leave out --host, --<service>-url and --prometheus-url',
    );
    expect(() => resolveStacks({ hosts: 'a,b,a' }, {})).toThrow('a is listed twice');
    expect(() => resolveStacks({ hosts: ' , ' }, {})).toThrow('--hosts lists no host');
    expect(() =>
      resolveStacks({ 'hosts-file': '/nowhere' }, {}, () => {
        throw new Error('ENOENT');
      }),
    ).toThrow('cannot read the hosts file /nowhere');
  });

  it('takes the room from FAULTLINE_HOSTS, leaving out one stack’s service URLs', () => {
    const stacks = resolveStacks(
      {},
      {
        FAULTLINE_HOSTS: 'x,y',
        FAULTLINE_PAYMENT_URL: 'http://elsewhere:1',
        FAULT_ADMIN_TOKEN: 't',
      },
    );
    expect(stacks.map((s) => [s.label, s.targets.urls.payment, s.targets.token])).toEqual([
      ['x', 'http://x:3004', 't'],
      ['y', 'http://y:3004', 't'],
    ]);
  });
});
