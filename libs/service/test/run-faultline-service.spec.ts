/**
 * runFaultlineService in real processes: a fixture defined like the four services, started from the
 * built dist, against a database of the test's own.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';

const FIXTURE = join(__dirname, 'fixtures', 'probe-service.cjs');

interface Probe {
  /** Every stdout line so far, parsed. */
  lines(): Record<string, unknown>[];
  stderr(): string;
  /** Resolves once a line with this event has been written. */
  logged(event: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function startProbe(env: Record<string, string>): Probe {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': every line written before the end has been read by then.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  const logged = async (event: string): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const line = lines.find((l) => l['event'] === event);
      if (line) return line;
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${event} line; stderr: ${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    lines: () => [...lines],
    stderr: () => stderr,
    logged,
    exited,
    kill: (signal) => child.kill(signal),
  };
}

const steps = (probe: Probe): unknown[] =>
  probe
    .lines()
    .filter((line) =>
      ['probe_step', 'service_listening', 'service_stopped'].includes(String(line['event'])),
    )
    .map((line) => line['step'] ?? line['event']);

describe('runFaultlineService', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('service');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('migrates its database, serves its app with the configured fault admin token, and on SIGTERM stops loops, faults, composition and pool in that order, then exits 0', async () => {
    const probe = startProbe({ DATABASE_URL: db.url, FAULT_ADMIN_TOKEN: 'probe-admin-token' });
    try {
      const { url } = (await probe.logged('service_listening')) as { url: string };
      expect(await (await fetch(`${url}/probes`)).json()).toEqual({ count: 0 });
      expect((await fetch(`${url}/admin/faults`)).status).toBe(401);
      const admin = await fetch(`${url}/admin/faults`, {
        headers: { authorization: 'Bearer probe-admin-token' },
      });
      expect(admin.status).toBe(200);
    } finally {
      probe.kill('SIGTERM');
    }
    expect(await probe.exited).toBe(0);
    expect(steps(probe)).toEqual([
      'service_listening',
      'sweeper started',
      'worker started',
      'worker stopped',
      'sweeper stopped',
      'faults closed',
      'composition closed',
      'pool ended',
      'service_stopped',
    ]);
    expect(probe.lines()[0]).toMatchObject({ service: 'probe', event: 'database_migrated' });
  });

  it('exits 1 with "<name> failed to start: <reason>" on stderr when its config is bad, naming the variable', async () => {
    const probe = startProbe({ DATABASE_URL: db.url, PORT: 'soon' });
    expect(await probe.exited).toBe(1);
    expect(probe.stderr()).toBe(
      'probe failed to start: Invalid configuration: PORT: expected a port number (got "soon")\n',
    );
  });

  it('starts no loop when it cannot listen, and exits 1 naming why', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const { port } = taken.address() as AddressInfo;
      const probe = startProbe({ DATABASE_URL: db.url, PORT: String(port) });
      expect(await probe.exited).toBe(1);
      expect(probe.stderr()).toMatch(/^probe failed to start: listen EADDRINUSE.*\n$/);
      expect(steps(probe)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});
