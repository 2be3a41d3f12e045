/**
 * Compose's payment-canary service as its container runs it (`node dist/canary-slot.js`), here as
 * a process on PostgreSQL: the deployment API starts payment 0.2.0 beside nothing else, lists it
 * for Prometheus, stops it on rollback, and takes the canary down with it when stopped.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createTestDatabase } from '@faultline/postgres/testing';
import { eventually, freePort } from '@faultline/instrumented/testing';

const TOKEN = 'canary-slot-token';
const SLOT = join(__dirname, '..', 'dist', 'canary-slot.js');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const answers = async (url: string): Promise<boolean> => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
};

describe('payment canary slot (compose’s payment-canary, as a process)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let slot: ChildProcess;
  let slotUrl = '';
  let canaryUrl = '';
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase('canary_slot');
    const [slotPort, canaryPort] = [await freePort(), await freePort()];
    slotUrl = `http://127.0.0.1:${slotPort}`;
    canaryUrl = `http://127.0.0.1:${canaryPort}`;
    slot = spawn(process.execPath, [SLOT], {
      env: {
        PATH: process.env['PATH'],
        PORT: String(slotPort),
        CANARY_PORT: String(canaryPort),
        CANARY_URL: canaryUrl,
        FAULT_ADMIN_TOKEN: TOKEN,
        DATABASE_URL: db.url,
        OTEL_SDK_DISABLED: 'true',
        GATEWAY_LATENCY_MEDIAN_MS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    slot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    slot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => answers(`${slotUrl}/health/ready`), Boolean, 15_000, 100);
  }, 30_000);
  afterAll(async () => {
    if (slot.exitCode === null && slot.signalCode === null) {
      slot.kill('SIGKILL');
      await once(slot, 'exit');
    }
    await db.drop();
  });

  const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) =>
    fetch(`${slotUrl}${path}`, {
      method,
      headers: {
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  it('refuses a deploy without the admin token, and starts nothing', async () => {
    const refused = await call('PUT', '/deployments/payment', { version: '0.2.0' }, null);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="faultline-admin"');
    expect((await call('PUT', '/deployments/payment', { version: '0.2.0' }, 'wrong')).status).toBe(
      403,
    );
    expect(await (await call('GET', '/deployments/targets')).json()).toEqual([]);
  });

  it('starts payment 0.2.0 as the canary at CANARY_URL, lists it for Prometheus, and rolls it back', async () => {
    const deployed = await call('PUT', '/deployments/payment', { version: '0.2.0' });
    expect(deployed.status).toBe(200);
    const canary = (await deployed.json()) as { version: string; url: string; pid: number };
    expect(canary).toMatchObject({ service: 'payment', version: '0.2.0', url: canaryUrl });
    expect(alive(canary.pid)).toBe(true);
    const metrics = await (await fetch(`${canaryUrl}/metrics`)).text();
    expect(metrics).toMatch(/^target_info\{service_version="0\.2\.0",[^}]*\} 1/m);
    expect(await (await call('GET', '/deployments/targets')).json()).toEqual([
      { targets: [new URL(canaryUrl).host], labels: { track: 'canary' } },
    ]);

    const rolledBack = await call('DELETE', '/deployments/payment');
    expect(await rolledBack.json()).toMatchObject({ rolledBack: { version: '0.2.0' } });
    expect(alive(canary.pid)).toBe(false);
    expect(await answers(`${canaryUrl}/health/live`)).toBe(false);
    expect(await (await call('GET', '/deployments')).json()).toEqual({ items: [] });
    expect((await call('DELETE', '/deployments/payment')).status).toBe(404);
  }, 60_000);

  it('takes its canary down with it when the container stops (SIGTERM)', async () => {
    const canary = (await (
      await call('PUT', '/deployments/payment', { version: '0.2.0' })
    ).json()) as {
      pid: number;
    };
    expect(alive(canary.pid)).toBe(true);
    slot.kill('SIGTERM');
    const [code] = (await once(slot, 'exit')) as [number | null];
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(alive(canary.pid)).toBe(false);
  }, 60_000);
});
