/**
 * Reproduces, natively, the production install the Dockerfile makes for each service — the same
 * manifests, `npm ci --omit=dev --workspace apps/<service>`, the same copy script for the compiled
 * workspace packages — in a folder outside the repository (so nothing resolves from the
 * repository's own node_modules), then starts the service from it exactly as the image's CMD does
 * and waits for a span at an in-test OTLP receiver. A runtime dependency declared as a dev
 * dependency, or a workspace package the image would lack, fails here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, startOtlpReceiver, type OtlpReceiver } from '@faultline/instrumented/testing';
import { dropDatabase } from '@faultline/postgres';
import { runImageHealthcheck } from '@faultline/stack';
import { REPO, repoPath } from './repo';

const POSTGRES =
  process.env['FAULTLINE_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SERVICES = [
  { name: 'catalog', probe: '/products' },
  { name: 'inventory', probe: '/stock/sku-unknown' },
  { name: 'payment', probe: '/payments/pay_unknown' },
  { name: 'order', probe: '/orders/ord_unknown' },
  // No database and no upstreams here: its product list answers 503, and is still traced.
  { name: 'gateway', probe: '/api/v1/products' },
] as const;

/** Copies package.json and the lock file as the Dockerfile's manifests stage does. */
function copyManifests(into: string): void {
  copyFileSync(repoPath('package.json'), join(into, 'package.json'));
  copyFileSync(repoPath('package-lock.json'), join(into, 'package-lock.json'));
  for (const group of ['apps', 'libs', 'tests']) {
    for (const name of readdirSync(repoPath(group))) {
      const manifest = repoPath(group, name, 'package.json');
      if (!existsSync(manifest)) continue;
      mkdirSync(join(into, group, name), { recursive: true });
      copyFileSync(manifest, join(into, group, name, 'package.json'));
    }
  }
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
}

/**
 * The Dockerfile's production stage for one app, in `root`/<name>: its manifests,
 * `npm ci --omit=dev --workspace apps/<name>`, then the copy script. The folder.
 */
function pruneInstall(root: string, name: string): string {
  const app = join(root, name);
  mkdirSync(app);
  copyManifests(app);
  const ci = ['ci', '--omit=dev', '--workspace', `apps/${name}`, '--no-audit', '--no-fund'];
  run('npm', [...ci, '--prefer-offline'], app);
  run(
    process.execPath,
    [repoPath('infra/docker/copy-workspace-runtime.cjs'), REPO, app, name],
    app,
  );
  return app;
}

async function waitForListening(child: ChildProcess, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`no service_listening line in 20 s:\n${output.join('')}`));
    }, 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      for (const line of text.split('\n')) {
        if (!line.includes('"service_listening"')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output.join('')}`));
    });
  });
}

describe('the production install the Dockerfile makes, reproduced natively', () => {
  let root: string;
  let receiver: OtlpReceiver;
  const databases: string[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'faultline-production-'));
    receiver = await startOtlpReceiver();
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
    await receiver.close();
    await Promise.all(databases.map((url) => dropDatabase(url)));
    rmSync(root, { recursive: true, force: true });
  });

  /**
   * A service of the image started as compose starts it, on a database of its own: only what the
   * image sets and compose passes (no NODE_PATH, nothing from the repository), and `extra`.
   */
  const startFromInstall = (
    app: string,
    name: string,
    args: string[],
    extra: Record<string, string> = {},
  ): ChildProcess => {
    const database = new URL(POSTGRES);
    database.pathname = `/prod_${randomBytes(3).toString('hex')}_${name}`;
    databases.push(database.toString());
    const child = spawn(process.execPath, args, {
      cwd: join(app, 'apps', name),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: dirname(process.execPath),
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.toString(),
        OTEL_SERVICE_NAME: name,
        SERVICE_VERSION: '0.1.0',
        DEPLOYMENT_ENVIRONMENT: 'test',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        FAULT_ADMIN_TOKEN: 'test-admin',
        SERVICE_TOKEN: 'test-service-token',
        ...extra,
      },
    });
    children.push(child);
    return child;
  };

  it.each(SERVICES)(
    '$name starts from its pruned install and exports a span',
    async ({ name, probe }) => {
      const app = pruneInstall(root, name);
      // Dev-only tooling did not come along, nor the code of workspaces that are dev dependencies
      // only (npm still links those; with nothing behind the link, a runtime import would fail).
      for (const devOnly of ['typescript', 'jest', 'nx', 'ts-jest']) {
        expect({ devOnly, installed: existsSync(join(app, 'node_modules', devOnly)) }).toEqual({
          devOnly,
          installed: false,
        });
      }
      expect(existsSync(join(app, 'libs', 'stack', 'dist'))).toBe(false);
      expect(existsSync(join(app, 'apps', name, 'dist', 'main.js'))).toBe(true);
      expect(
        existsSync(join(app, 'libs', 'instrumented', 'dist', 'telemetry', 'register.js')),
      ).toBe(true);

      const output: string[] = [];
      const child = startFromInstall(app, name, [
        '--require',
        '@faultline/instrumented/register',
        'dist/main.js',
      ]);
      const url = await waitForListening(child, output);
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
      // The image's HEALTHCHECK, exactly as Docker runs it (bash, no curl in the slim image).
      const port = Number(new URL(url).port);
      expect((await runImageHealthcheck(port)).code).toBe(0);
      await fetch(`${url}${probe}`, { headers: { 'x-service-token': 'test-service-token' } });

      const span = await receiver.waitForSpan((s) => s.service === name, 10_000);
      expect(span.resource['deployment.environment.name']).toBe('test');

      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect((await runImageHealthcheck(port)).code).not.toBe(0);
    },
    60_000,
  );

  it('payment’s canary slot runs from payment’s pruned install as compose runs it, and deploys a canary that reports its version', async () => {
    const slotRoot = join(root, 'canary-slot');
    mkdirSync(slotRoot);
    const app = pruneInstall(slotRoot, 'payment');
    const canaryPort = await freePort();
    const output: string[] = [];
    // docker-compose.yml's payment-canary: the payment image, `node dist/canary-slot.js`.
    const slot = startFromInstall(app, 'payment', ['dist/canary-slot.js'], {
      CANARY_PORT: String(canaryPort),
      CANARY_URL: `http://127.0.0.1:${canaryPort}`,
    });
    const url = await waitForListening(slot, output);
    // The image's HEALTHCHECK asks ${PORT}: the slot answers it, canary or not.
    expect((await runImageHealthcheck(Number(new URL(url).port))).code).toBe(0);
    const deployed = await fetch(`${url}/deployments/payment`, {
      method: 'PUT',
      headers: { authorization: 'Bearer test-admin', 'content-type': 'application/json' },
      body: JSON.stringify({ version: '0.2.0' }),
    });
    expect({ status: deployed.status, output: deployed.ok ? '' : output.join('') }).toEqual({
      status: 200,
      output: '',
    });
    // The canary is payment with its own release on every span (compose's SERVICE_VERSION replaced).
    await fetch(`http://127.0.0.1:${canaryPort}/payments/pay_missing`, {
      headers: { 'x-service-token': 'test-service-token' },
    });
    const span = await receiver.waitForSpan(
      (s) => s.service === 'payment' && s.resource['service.version'] === '0.2.0',
      10_000,
    );
    expect(span.resource['deployment.environment.name']).toBe('test');

    slot.kill('SIGTERM');
    const [code] = (await once(slot, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect((await runImageHealthcheck(canaryPort)).code).not.toBe(0);
  }, 120_000);

  it('the watcher serves the runbooks from its pruned install with docs/runbooks beside it, as the image has them', async () => {
    const name = 'watcher';
    const app = pruneInstall(root, name);
    // The Dockerfile copies docs/runbooks to /app/docs/runbooks for the watcher.
    cpSync(repoPath('docs', 'runbooks'), join(app, 'docs', 'runbooks'), { recursive: true });
    const output: string[] = [];
    const child = startFromInstall(
      app,
      name,
      ['--require', '@faultline/instrumented/register', 'dist/main.js'],
      // Nothing listens there: its synthetic checkouts fail, which is not what this test is about.
      { ORDER_URL: 'http://127.0.0.1:9' },
    );
    const url = await waitForListening(child, output);
    const page = await fetch(`${url}/runbooks/PaymentSuccessRatioLow`);
    expect({ status: page.status, output: page.ok ? '' : output.join('') }).toEqual({
      status: 200,
      output: '',
    });
    expect(await page.text()).toContain('<h1 id="paymentsuccessratiolow">');
    expect(output.join('')).not.toContain('"runbooks_missing"');

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  }, 60_000);

  it('the fault CLI runs from its pruned install with the scenarios beside it, as compose runs it', () => {
    const name = 'faultline-cli';
    const app = pruneInstall(root, name);
    // The Dockerfile copies scenarios/ to /app/scenarios for the CLI (and the gateway).
    cpSync(repoPath('scenarios'), join(app, 'scenarios'), { recursive: true });
    // compose's entrypoint: node dist/main.js, then the command given to `docker compose run`.
    const listed = spawnSync(process.execPath, ['dist/main.js', 'scenarios', '--mystery'], {
      cwd: join(app, 'apps', name),
      encoding: 'utf8',
      env: { PATH: dirname(process.execPath), NODE_ENV: 'production' },
    });
    expect({ code: listed.status, stderr: listed.stderr }).toEqual({ code: 0, stderr: '' });
    expect(listed.stdout.trim().split('\n')).toHaveLength(
      readdirSync(repoPath('scenarios')).length,
    );
    expect(listed.stdout).toMatch(/^first-frost /m);
  }, 60_000);
});
