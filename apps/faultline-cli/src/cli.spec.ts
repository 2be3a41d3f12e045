import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFaults, faultInjection } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger, createServiceApp } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp } from '@faultline/instrumented/testing';
import { main } from './main';
import { loadScenarios } from '@faultline/scenarios';

const SCENARIOS = join(__dirname, '..', '..', '..', 'scenarios');
const TOKEN = 'cli-test-token';

const REQUIRED = [
  'payment-gateway-errors',
  'payment-gateway-slow',
  'card-brand-declines',
  'silent-payment-failure',
  'inventory-db-slowdown',
  'catalog-memory-leak',
  'fraud-cpu-hot-loop',
  'retry-worker-stops',
  'order-payment-network-reset',
  'gateway-order-network-reset',
  'payment-canary-regression',
];

async function cli(args: string[], env: Record<string, string> = {}, signal?: AbortSignal) {
  const lines: string[] = [];
  const code = await main(args, env, (line) => lines.push(line), signal);
  return { code, text: lines.join('\n') };
}

describe('scenario files', () => {
  it('are all valid, and cover every scenario the workshop needs', () => {
    const names = loadScenarios(SCENARIOS).map((s) => s.name);
    expect(names.sort()).toEqual([...REQUIRED].sort());
  });

  it('every fault in them is accepted by the fault engine as it stands', () => {
    const engine = createFaults();
    try {
      for (const scenario of loadScenarios(SCENARIOS)) {
        for (const fault of scenario.faults)
          expect(() =>
            engine.apply({ ...fault.rule, durationSeconds: fault.durationSeconds }),
          ).not.toThrow();
      }
    } finally {
      void engine.close();
    }
  });

  it('a bad file is reported in one line naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    writeFileSync(
      join(dir, 'broken.yaml'),
      'name: broken\ncodename: odd-one\ntitle: t\nstory: s\nsymptoms: s\nrootCause: r\nexpected: {alerts: [], dashboards: [x], diagnosis: {service: payment, fault: f}}\nfaults:\n  - service: catalog\n    durationSeconds: 10\n    rule: {point: payment.fraud, kind: cpu_burn}\n',
    );
    const { code, text } = await cli(['scenarios', '--dir', dir]);
    expect(code).toBe(1);
    expect(text).toBe(
      `faultline: ${join(dir, 'broken.yaml')}: faults.0.rule.point: payment.fraud is not a point of catalog`,
    );
  });
});

describe('the faultline CLI', () => {
  let service: ListeningApp;
  let engine: Faults;
  let env: Record<string, string>;

  beforeAll(async () => {
    engine = createFaults();
    const logger = createLogger({ service: 'payment', destination: captureLogs().destination });
    service = await listenForTest(
      createServiceApp(
        { logger, metrics: freshMetrics(), ...faultInjection({ engine, adminToken: TOKEN }) },
        () => undefined,
      ),
    );
    env = {
      FAULT_ADMIN_TOKEN: TOKEN,
      FAULTLINE_PAYMENT_URL: service.url,
      FAULTLINE_HOST: '127.0.0.9',
    };
  });
  afterAll(async () => {
    await engine.close();
    await service.close();
  });
  afterEach(() => {
    engine.clear();
  });

  it('lists the scenarios with their one-line story', async () => {
    const { code, text } = await cli(['scenarios']);
    expect(code).toBe(0);
    expect(text.split('\n')).toHaveLength(REQUIRED.length);
    expect(text).toMatch(/^payment-gateway-errors\s+The card gateway fails 30% of charges$/m);
  });

  it('prints help for the CLI and for each command', async () => {
    expect((await cli(['--help'])).text).toMatch(/Commands:/);
    expect((await cli(['apply', '--help'])).text).toMatch(/--point POINT --kind KIND/);
    expect((await cli([])).code).toBe(2);
  });

  it('applies one fault, shows it in status, and clears it', async () => {
    const applied = await cli(
      [
        'apply',
        '--service',
        'payment',
        '--point',
        'payment.gateway.charge',
        '--kind',
        'error',
        '--probability',
        '0.3',
        '--param',
        'status=503',
        '--param',
        'code=gateway_unavailable',
        '--duration',
        '60',
      ],
      env,
    );
    expect(applied.code).toBe(0);
    expect(engine.list()).toMatchObject([
      {
        point: 'payment.gateway.charge',
        kind: 'error',
        probability: 0.3,
        params: { status: 503, code: 'gateway_unavailable' },
      },
    ]);
    const status = await cli(['status'], env);
    expect(status.text).toMatch(
      /payment: \n {2}payment\.gateway\.charge\.error\.\w+ {2}payment\.gateway\.charge error p=0\.3/,
    );
    expect(status.text).toMatch(/catalog: catalog is not reachable at http:\/\/127\.0\.0\.9:3001/);
    const cleared = await cli(['clear', '--service', 'payment'], env);
    expect(cleared.text).toBe('payment: cleared 1');
    expect(engine.list()).toEqual([]);
  });

  it('drives the gateway like a service: its http.server point, in status, and cleared with the rest', async () => {
    // The admin API answers as the gateway here; the four services are unreachable.
    const gatewayEnv = {
      FAULT_ADMIN_TOKEN: TOKEN,
      FAULTLINE_HOST: '127.0.0.9',
      FAULTLINE_GATEWAY_URL: service.url,
    };
    const applied = await cli(
      [
        'apply',
        '--service',
        'gateway',
        '--point',
        'http.server',
        '--kind',
        'latency',
        '--param',
        'ms=800',
        '--duration',
        '60',
      ],
      gatewayEnv,
    );
    expect(applied).toMatchObject({ code: 0, text: expect.stringMatching(/ on gateway until /) });
    const status = await cli(['status'], gatewayEnv);
    expect(status.text).toMatch(
      /^gateway: \n {2}http\.server\.latency\.\w+ {2}http\.server latency/m,
    );
    const cleared = await cli(['clear'], gatewayEnv);
    // The unreachable services are reported, and do not stop the gateway from clearing.
    expect(cleared.code).toBe(1);
    expect(cleared.text).toMatch(
      /^catalog: catalog is not reachable at http:\/\/127\.0\.0\.9:3001/m,
    );
    expect(cleared.text).toMatch(/^gateway: cleared 1$/m);
    expect(engine.list()).toEqual([]);
  });

  it('says in one line when the token is wrong or a rule is invalid', async () => {
    const wrong = await cli(['clear', '--service', 'payment', '--token', 'nope-nope'], env);
    expect(wrong).toEqual({
      code: 1,
      text: 'faultline: payment refused the admin token (403); set FAULT_ADMIN_TOKEN or --token',
    });
    const invalid = await cli(
      [
        'apply',
        '--service',
        'payment',
        '--point',
        'payment.fraud',
        '--kind',
        'cpu_burn',
        '--probability',
        '2',
      ],
      env,
    );
    expect(invalid).toEqual({
      code: 1,
      text: 'faultline: payment answered 400: probability: must be between 0 and 1',
    });
  });

  it('runs a scenario on its timeline and removes what it applied on Ctrl-C', async () => {
    const controller = new AbortController();
    const running = cli(['run', 'payment-gateway-errors', '--seed', '7'], env, controller.signal);
    for (let i = 0; i < 50 && engine.list().length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(engine.list()).toMatchObject([{ id: 'payment-gateway-errors.1', probability: 0.3 }]);
    controller.abort();
    const { code, text } = await running;
    expect(code).toBe(130);
    expect(text).toMatch(/applied payment\.gateway\.charge error \(30%\) on payment for 900 s/);
    expect(text).toMatch(/stopped: removed what this run applied/);
    expect(engine.list()).toEqual([]);
  });

  it('plays a scenario for --duration, extends it and ends it from another terminal', async () => {
    const running = cli(['run', 'payment-gateway-errors', '--duration', '90'], env);
    for (let i = 0; i < 50 && engine.list().length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    const [rule] = engine.list();
    expect(Date.parse(rule?.until ?? '') - Date.now()).toBeGreaterThan(85_000);
    expect(Date.parse(rule?.until ?? '') - Date.now()).toBeLessThanOrEqual(90_000);

    const extended = await cli(['extend', 'payment-gateway-errors', '--by', '60'], env);
    expect(extended.code).toBe(0);
    expect(extended.text).toMatch(/^payment: payment-gateway-errors\.1 until /);
    expect(Date.parse(engine.list()[0]?.until ?? '') - Date.parse(rule?.until ?? '')).toBe(60_000);

    const ended = await cli(['end', 'payment-gateway-errors'], env);
    expect(ended).toEqual({ code: 0, text: 'payment-gateway-errors: removed 1 fault' });
    expect(engine.list()).toEqual([]);
    // The run notices at its next look (every 5 s) and finishes by itself.
    const { code, text } = await running;
    expect(code).toBe(0);
    expect(text).toMatch(/applied payment\.gateway\.charge error \(30%\) on payment for 90 s/);
    expect(text).toMatch(/done: nothing it applied is active any more/);
    expect(await cli(['end', 'payment-gateway-errors'], env)).toMatchObject({ code: 1 });
  }, 20_000);

  it('refuses a pace it cannot play, in one line', async () => {
    expect(await cli(['run', 'payment-gateway-errors', '--speed', 'fast'], env)).toEqual({
      code: 1,
      text: 'faultline: --speed must be a number (got "fast")',
    });
    expect(
      await cli(['run', 'payment-gateway-errors', '--speed', '2', '--duration', '60'], env),
    ).toEqual({ code: 1, text: 'faultline: give --speed or --duration, not both' });
    expect(engine.list()).toEqual([]);
  });

  it('lists the mysteries by codename and symptoms only, never a name or a title', async () => {
    const { code, text } = await cli(['scenarios', '--mystery']);
    expect(code).toBe(0);
    expect(text).toMatch(/^first-frost +15 min {2}It is the first morning of the sale\./m);
    for (const scenario of loadScenarios(SCENARIOS)) {
      expect(text).not.toContain(scenario.name);
      expect(text).not.toContain(scenario.title);
    }
  });

  it('runs a mystery without saying what it applied, and checks guesses against it', async () => {
    const controller = new AbortController();
    const running = cli(['run', '--mystery', 'first-frost'], env, controller.signal);
    for (let i = 0; i < 50 && engine.list().length === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(engine.list()).toMatchObject([{ id: 'first-frost.1', point: 'payment.gateway.charge' }]);

    expect(await cli(['guess', 'payment', 'latency'], env)).toEqual({
      code: 1,
      text: 'not payment latency: right service, another kind of fault',
    });
    expect(await cli(['guess', 'order', 'error'], env)).toEqual({
      code: 1,
      text: 'not order error: another service',
    });
    const right = await cli(['guess', 'payment', 'error'], env);
    expect(right.code).toBe(0);
    expect(right.text).toMatch(/^right: payment error\nfirst-frost is payment-gateway-errors: /);
    expect(right.text).toMatch(/^fault: payment\.gateway\.charge error on payment$/m);
    expect((await cli(['guess', '--reveal'], env)).text).toMatch(
      /^first-frost is payment-gateway-errors/,
    );

    controller.abort();
    const { text } = await running;
    expect(text).toMatch(/^Mystery first-frost\nIt is the first morning of the sale/);
    expect(text).toMatch(/applied fault first-frost\.1 for 900 s/);
    expect(text).not.toMatch(/payment-gateway-errors|payment\.gateway\.charge|card gateway/);
    expect(engine.list()).toEqual([]);
    expect(await cli(['guess', 'payment', 'error'], env)).toEqual({
      code: 1,
      text: 'no scenario is running (no active fault or deployment of one)',
    });
  });

  it('names an unknown scenario in one line', async () => {
    expect(await cli(['run', 'meteor-strike'], env)).toEqual({
      code: 1,
      text: 'faultline: no scenario named "meteor-strike" (see: npm run faultline -- scenarios)',
    });
  });
});

describe('a scenario that ships a release (faultline run, guess and end)', () => {
  type Canary = { version: string; baseUrl: string; weightPercent: number; id?: string } | null;
  let canary: Canary = null;
  const calls: string[] = [];
  const servers: Server[] = [];
  const env: Record<string, string> = { FAULT_ADMIN_TOKEN: TOKEN, FAULTLINE_HOST: '127.0.0.9' };

  /** An HTTP stand-in answering JSON as `handle` says (the edges this test is about). */
  async function standIn(
    handle: (method: string, path: string, body: unknown) => [number, unknown],
  ): Promise<string> {
    const server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        calls.push(`${req.method ?? ''} ${req.url ?? ''} ${text}`.trim());
        const [status, answer] = handle(req.method ?? '', req.url ?? '', text && JSON.parse(text));
        res.writeHead(status, {
          'content-type': status < 400 ? 'application/json' : 'application/problem+json',
        });
        res.end(JSON.stringify(answer));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    const noCanary = [404, { code: 'no_canary', detail: 'none' }] as [number, unknown];
    // npm start's supervisor (or compose's slot): starts and stops the canary process.
    env['FAULTLINE_SUPERVISOR_URL'] = await standIn((method, _path, body) =>
      method === 'PUT'
        ? [
            200,
            {
              service: 'payment',
              version: (body as { version: string }).version,
              url: 'http://127.0.0.1:3014',
              pid: 4242,
            },
          ]
        : [200, { rolledBack: { service: 'payment', version: '0.2.0', pid: 4242 } }],
    );
    // Order: its /admin/deployments routes the traffic; it has no active fault.
    env['FAULTLINE_ORDER_URL'] = await standIn((method, path, body) => {
      if (path === '/admin/faults') return [200, { items: [] }];
      const state = () => ({
        service: 'payment',
        stable: { weightPercent: 100 - (canary?.weightPercent ?? 0) },
        canary,
      });
      if (method === 'GET') return [200, { items: [state()] }];
      if (method === 'PUT') {
        const { url, ...route } = body as { version: string; url: string; weightPercent: number };
        canary = { ...route, baseUrl: url };
        return [200, state()];
      }
      if (!canary) return noCanary;
      const rolledBack = canary;
      canary = null;
      return [200, { rolledBack, state: state() }];
    });
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  it('deploys the canary under the run id, judges a regression guess, and ends by rolling back', async () => {
    const controller = new AbortController();
    // 600 s as written, 10 s at 60x.
    const running = cli(
      ['run', '--mystery', 'glass-river', '--speed', '60'],
      env,
      controller.signal,
    );
    for (let i = 0; i < 100 && canary === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(canary).toEqual({
      version: '0.2.0',
      baseUrl: 'http://127.0.0.1:3014',
      weightPercent: 30,
      id: 'glass-river.1',
    });
    expect(calls).toContain('PUT /deployments/payment {"version":"0.2.0"}');

    expect(await cli(['guess', 'payment', 'cpu_burn'], env)).toEqual({
      code: 1,
      text: 'not payment cpu_burn: right service, another kind of fault',
    });
    const right = await cli(['guess', 'payment', 'regression'], env);
    expect(right.code).toBe(0);
    expect(right.text).toMatch(
      /^right: payment regression\nglass-river is payment-canary-regression: /,
    );
    expect(right.text).toMatch(/^deployment: payment 0\.2\.0 as a canary \(30% of its traffic\)$/m);

    expect(await cli(['end', 'glass-river'], env)).toEqual({
      code: 0,
      text: 'glass-river: rolled back the canary it deployed',
    });
    expect(canary).toBeNull();
    expect(calls.filter((call) => call === 'DELETE /deployments/payment')).toHaveLength(1);

    // The run notices at its next poll that its canary is gone, and ends without touching it.
    const { code, text } = await running;
    expect(code).toBe(0);
    expect(text).toMatch(/^Mystery glass-river\n/);
    expect(text).toMatch(/\] applied deployment glass-river\.1 for 10 s/);
    expect(text).toMatch(/\] deployment glass-river\.1 was rolled back from elsewhere/);
    expect(text).not.toMatch(/0\.2\.0|payment-canary-regression|fraud/);
    expect(calls.filter((call) => call === 'DELETE /deployments/payment')).toHaveLength(1);
    expect(await cli(['guess', 'payment', 'regression'], env)).toMatchObject({ code: 1 });
  }, 30_000);
});
