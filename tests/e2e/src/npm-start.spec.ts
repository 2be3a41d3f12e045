import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dropDatabase } from '@faultline/postgres';
import { DATABASE_NAMES, databaseUrlFor, PROCESS_NAMES } from '@faultline/stack';
import { runNpmStart } from './support/npm-start';
import type { NpmStartRun } from './support/npm-start';
import { isRunning, servicePidsWithPrefix } from './support/service-pids';

// npm start's own entry, with FAULTLINE_PORTS=ephemeral so it runs beside a real `npm start` on
// 3001–3004, and databases of its own, dropped after.

const POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An IPv4 address of this machine other than loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((address) => address?.family === 'IPv4' && !address.internal)?.address;

/** Whether something accepts TCP connections at host:port. */
async function accepts(host: string, port: number): Promise<boolean> {
  const socket = connect({ host, port });
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

interface Banner {
  services: Record<string, { url: string; port: number; pid: number }>;
  metricsUrl: string;
}

/** The "Faultline is running" lines: each process's URL and pid, and the supervisor's /metrics. */
async function banner(run: NpmStartRun): Promise<Banner> {
  await run.waitForLine(/^Try: curl/, 90_000);
  const services: Banner['services'] = {};
  for (const name of PROCESS_NAMES) {
    const [, url = '', port = '', pid = ''] =
      new RegExp(`^ {2}${name} +(http://127\\.0\\.0\\.1:(\\d+)) +\\(pid (\\d+)\\)$`).exec(
        run.lines.find((line) => line.startsWith(`  ${name} `)) ?? '',
      ) ?? [];
    services[name] = { url, port: Number(port), pid: Number(pid) };
  }
  const metricsUrl = /^ {2}supervisor +(\S+)$/.exec(
    run.lines.find((line) => line.startsWith('  supervisor ')) ?? '',
  )?.[1];
  return { services, metricsUrl: metricsUrl ?? '' };
}

describe('npm start (libs/stack/dist/start.js)', () => {
  const prefixes: string[] = [];
  const runs: NpmStartRun[] = [];
  const start = (env: Record<string, string> = {}): { run: NpmStartRun; prefix: string } => {
    const prefix = `e2e_start_${randomBytes(3).toString('hex')}_`;
    prefixes.push(prefix);
    const run = runNpmStart({
      FAULTLINE_PORTS: 'ephemeral',
      FAULTLINE_DATABASE_PREFIX: prefix,
      FAULTLINE_POSTGRES_URL: POSTGRES,
      OTEL_SDK_DISABLED: 'true',
      ...env,
    });
    runs.push(run);
    return { run, prefix };
  };

  afterAll(async () => {
    // Whatever a failed test left: npm start itself, then any service it orphaned.
    for (const run of runs) if (isRunning(run.pid)) process.kill(run.pid, 'SIGKILL');
    await sleep(200);
    for (const prefix of prefixes) {
      for (const pid of servicePidsWithPrefix(prefix)) process.kill(pid, 'SIGKILL');
    }
    await sleep(200);
    for (const prefix of prefixes) {
      for (const name of Object.values(DATABASE_NAMES)) {
        await dropDatabase(databaseUrlFor(POSTGRES, `${prefix}${name}`));
      }
    }
  }, 60_000);

  it('listens on loopback only, restarts a service killed with -9, and stops every process on SIGINT', async () => {
    const { run, prefix } = start();
    const { services, metricsUrl } = await banner(run);
    for (const name of PROCESS_NAMES) {
      expect({ name, ready: (await fetch(`${services[name]!.url}/health/ready`)).status }).toEqual({
        name,
        ready: 200,
      });
    }
    // The watcher's first synthetic checkout, placed at its start, is paid and counted apart.
    const paidSynthetic = async (): Promise<number> => {
      const text = await (await fetch(`${services['watcher']!.url}/metrics`)).text();
      return Number(/^synthetic_checkouts_total\{outcome="paid"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const deadline = Date.now() + 15_000;
    while ((await paidSynthetic()) === 0 && Date.now() < deadline) await sleep(250);
    expect(await paidSynthetic()).toBeGreaterThanOrEqual(1);
    expect(await (await fetch(`${services['order']!.url}/metrics`)).text()).toMatch(
      /^checkouts_total\{outcome="paid",traffic="synthetic"\} [1-9]/m,
    );
    expect(await accepts('127.0.0.1', services['catalog']!.port)).toBe(true);
    if (outsideAddress) {
      expect(await accepts(outsideAddress, services['catalog']!.port)).toBe(false);
      expect(await accepts(outsideAddress, Number(new URL(metricsUrl).port))).toBe(false);
    }

    const victim = services['catalog']!.pid;
    const killedAt = performance.now();
    process.kill(victim, 'SIGKILL');
    await run.waitForLine(
      new RegExp(
        `^supervisor\\| catalog \\(pid ${victim}\\) exited \\(code null, signal SIGKILL\\); restarting in 500 ms \\(restart 1\\)$`,
      ),
      10_000,
    );
    const [, back = ''] = await run.waitForLine(
      new RegExp(
        `^supervisor\\| catalog is back on ${services['catalog']!.url} \\(pid (\\d+), restart 1`,
      ),
      30_000,
    );
    const restartMs = performance.now() - killedAt;
    process.stdout.write(`npm start: catalog back ${restartMs.toFixed(0)} ms after kill -9\n`);
    expect((await fetch(`${services['catalog']!.url}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toContain('faultline_service_restarts_total{service="catalog"} 1');
    expect(metrics).toContain('faultline_service_restarts_total{service="order"} 0');
    expect(metrics).toContain('faultline_service_up{service="catalog"} 1');
    expect(metrics).toContain('faultline_service_up{service="watcher"} 1');

    const pids = [...PROCESS_NAMES.map((name) => services[name]!.pid), Number(back)];
    process.kill(run.pid, 'SIGINT');
    const exit = await run.exitWithin(20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    for (const pid of pids)
      expect({ pid, running: isRunning(pid) }).toEqual({ pid, running: false });
    expect(servicePidsWithPrefix(prefix)).toEqual([]);
    const afterStop = run.lines.slice(run.lines.indexOf('stopping…'));
    expect(afterStop.filter((line) => line.startsWith('supervisor|'))).toEqual([]);
  }, 120_000);

  it('stops the services on SIGINT even while they are still starting', async () => {
    const { run, prefix } = start();
    await run.waitForLine(/^(catalog|inventory|payment) +\| .*listening on/, 90_000);
    process.kill(run.pid, 'SIGINT');
    const exit = await run.exitWithin(30_000);
    expect(exit).toEqual({ code: 0, signal: null });
    await sleep(300);
    expect(servicePidsWithPrefix(prefix)).toEqual([]);
    expect(run.lines).not.toContain('Faultline is running:');
  }, 120_000);

  it('opens every interface only with FAULTLINE_HOST=0.0.0.0, and stops on SIGTERM', async () => {
    const { run, prefix } = start({ FAULTLINE_HOST: '0.0.0.0' });
    const { services, metricsUrl } = await banner(run);
    if (outsideAddress) {
      expect(await accepts(outsideAddress, services['order']!.port)).toBe(true);
      expect(await accepts(outsideAddress, Number(new URL(metricsUrl).port))).toBe(true);
    }
    process.kill(run.pid, 'SIGTERM');
    const exit = await run.exitWithin(20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(servicePidsWithPrefix(prefix)).toEqual([]);
  }, 120_000);
});
