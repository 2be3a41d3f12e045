import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createTestDatabase } from '@faultline/postgres/testing';
import type { TestDatabase } from '@faultline/postgres/testing';
import { sleep } from './test/inventory-under-test';
import { freePort } from '@faultline/instrumented/testing';

const APP_ROOT = join(__dirname, '..');
const SERVICE_TOKEN = 'inventory-main-service-token';
const asOrder = { 'x-service-token': SERVICE_TOKEN };

describe('the inventory process (main.ts)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', join(APP_ROOT, 'tsconfig.build.json')],
      { encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    db = await createTestDatabase('inventory_main');
  }, 60_000);
  afterAll(async () => {
    await db.drop();
  });

  it('starts from its environment, expires lapsed reservations in the background, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(APP_ROOT, 'dist', 'main.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        LOG_LEVEL: 'info',
        RESERVATION_SWEEP_INTERVAL_MS: '100',
        SERVICE_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 15_000;
      while (!output.includes('"service_listening"')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(output);
        await sleep(50);
      }

      const reserved = await fetch(`${url}/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-service-token': SERVICE_TOKEN },
        body: JSON.stringify({
          orderId: 'ord-main',
          items: [{ sku: 'FL-TENT-2P', quantity: 3 }],
          ttlSeconds: 1,
        }),
      });
      expect(reserved.status).toBe(201);
      const { id } = (await reserved.json()) as { id: string };

      let status = 'pending';
      while (status === 'pending' && Date.now() < deadline) {
        await sleep(100);
        const read = await fetch(`${url}/reservations/${id}`, { headers: asOrder });
        status = ((await read.json()) as { status: string }).status;
      }
      expect(status).toBe('expired');
      const stock = await fetch(`${url}/stock/FL-TENT-2P`, { headers: asOrder });
      expect(await stock.json()).toEqual({ sku: 'FL-TENT-2P', available: 100_000 });
      expect(output).toContain('"reservations_expired"');
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    const [code] = await exited;
    expect(code).toBe(0);
    expect(output).toContain('"service_stopped"');
    expect(output).not.toContain('"shutdown_hook_failed"');
  }, 30_000);

  it("refuses to start outside a local deployment with the published tokens, naming them on one line without a secret's value", async () => {
    const child = spawn(process.execPath, [join(APP_ROOT, 'dist', 'main.js')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(await freePort()),
        DATABASE_URL: db.url,
        DEPLOYMENT_ENVIRONMENT: 'production',
        // Too short, and a secret: named with its length, its value never shown.
        FAULT_ADMIN_TOKEN: 'hunter2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(/inventory failed to start: Invalid configuration/);
    expect(stderr).toMatch(
      /FAULT_ADMIN_TOKEN: expected at least 8 characters \(got 7 characters\)/,
    );
    expect(stderr).toMatch(/SERVICE_TOKEN: must be set to a value of its own/);
    // One line, and the secret's value appears nowhere.
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toContain('hunter2');
  }, 15_000);
});
