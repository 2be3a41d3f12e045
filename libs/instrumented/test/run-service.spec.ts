/**
 * runService in real processes: the fatal path only shows what it does when a process really dies.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { startOtlpReceiver } from '../src/testing';
import type { OtlpReceiver } from '../src/testing';
import { startServiceProcess } from './support/service-process';

const SERVER = 2;
const MASKED = '************4242';

describe('runService: one fatal path for every service', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  const start = () =>
    startServiceProcess('crashing-service.cjs', {
      OTEL_SERVICE_NAME: 'crasher',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Nothing is exported on its own during the test: what arrives was flushed on the way out.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });

  for (const [kind, event, type] of [
    ['exception', 'uncaught_exception', 'TypeError'],
    ['rejection', 'unhandled_rejection', 'Error'],
  ] as const) {
    it(`logs an ${event.replace('_', ' ')} as one redacted fatal line, flushes telemetry and exits 1`, async () => {
      const service = await start();
      try {
        expect((await fetch(`${service.url}/hello`)).status).toBe(200);
        expect((await fetch(`${service.url}/crash/${kind}`)).status).toBe(202);
        const code = await service.exited;
        expect(code).toBe(1);
        const fatal = service.lines().filter((line) => line['level'] === 'fatal');
        expect(fatal).toHaveLength(1);
        expect(fatal[0]).toMatchObject({ service: 'crasher', event });
        const error = fatal[0]?.['error'] as Record<string, unknown>;
        expect(error['type']).toBe(type);
        expect(error['message']).toContain(`card ${MASKED}`);
        expect(JSON.stringify(service.lines())).not.toMatch(/4242 4242/);
        expect(
          receiver
            .spans()
            .some((s) => s.kind === SERVER && s.attributes['http.route'] === '/hello'),
        ).toBe(true);
      } finally {
        await service.stop();
      }
    });
  }

  it('exits 1 with a one-line reason on stderr when main() fails at start, card numbers masked', async () => {
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'crashing-service.cjs')], {
      env: { PATH: process.env['PATH'] ?? '', CRASH_AT: 'start' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toBe(
      `crasher failed to start: could not reach the vault for card ${MASKED} second line of detail\n`,
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'fatal', event: 'service_start_failed' });
    expect(stdout).not.toMatch(/4242 4242/);
  });
});
