/**
 * The repository's Alertmanager config, run by the real Alertmanager (Debian's 0.25): alerts
 * posted to its API v2 as Prometheus would, notifications received by a stand-in for the watcher.
 * Only the webhook address is rewritten, and the route timings are divided by TIME_SCALE so the
 * test takes seconds: page group_wait 30s → 1s, ticket 1m → 2s, Watchdog repeat 1m → 2s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ALERTMANAGER_CONFIG, alertmanagerConfigFor, startAlertmanager } from './alertmanager';
import type { AlertmanagerProcess, PostableAlert } from './alertmanager';
import { startWebhookReceiver } from './webhook-receiver';
import type { WebhookNotification, WebhookReceiver } from './webhook-receiver';

const TIME_SCALE = 30;
const source = readFileSync(ALERTMANAGER_CONFIG, 'utf8');

interface Route {
  receiver?: string;
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}

describe('alertmanagerConfigFor (the native Alertmanager config)', () => {
  const derived = parse(
    alertmanagerConfigFor(source, { webhookUrl: 'http://127.0.0.1:41005', timeScale: 60 }),
  ) as { route: Route; receivers: { webhook_configs: { url: string }[] }[] };
  const original = parse(source) as typeof derived;

  it('points every webhook receiver at the given origin, keeping the path', () => {
    const urls = derived.receivers.flatMap((r) => r.webhook_configs.map((w) => w.url));
    expect(urls.length).toBe(3);
    for (const url of urls) expect(url).toBe('http://127.0.0.1:41005/alertmanager');
  });

  it('divides every route timing by timeScale and changes nothing else', () => {
    expect(derived.route).toMatchObject({ group_wait: '500ms', group_interval: '5s' });
    expect(derived.route.routes?.[0]).toMatchObject({
      receiver: 'deadman',
      group_wait: '83ms',
      group_interval: '500ms',
      repeat_interval: '1s',
    });
    const untimed = (route: Route): Route => ({
      ...route,
      group_wait: undefined,
      group_interval: undefined,
      repeat_interval: undefined,
      routes: route.routes?.map(untimed),
    });
    const unaddressed = (config: typeof derived) => ({
      ...config,
      route: untimed(config.route),
      receivers: config.receivers.map((r) => ({ ...r, webhook_configs: [] })),
    });
    expect(unaddressed(derived)).toEqual(unaddressed(original));
  });

  it('gives a config amtool accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-amtool-'));
    try {
      const file = join(dir, 'alertmanager.yml');
      writeFileSync(
        file,
        alertmanagerConfigFor(source, { webhookUrl: 'http://127.0.0.1:1', timeScale: 60 }),
      );
      const result = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
      expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what it cannot rewrite', () => {
    expect(() =>
      alertmanagerConfigFor(source, { webhookUrl: 'http://127.0.0.1:1/alertmanager' }),
    ).toThrow('give only the origin');
    expect(() =>
      alertmanagerConfigFor(source.replaceAll('http://watcher:3005', 'http://pager.example'), {
        webhookUrl: 'http://127.0.0.1:1',
      }),
    ).toThrow('not the watcher');
    expect(() =>
      alertmanagerConfigFor(source, { webhookUrl: 'http://127.0.0.1:1', timeScale: 0.5 }),
    ).toThrow('must be 1 or more');
  });
});

describe('the Alertmanager config, run by the real Alertmanager', () => {
  let receiver: WebhookReceiver;
  let alertmanager: AlertmanagerProcess;
  let started: AlertmanagerProcess | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    started = await startAlertmanager({ webhookUrl: receiver.url, timeScale: TIME_SCALE });
    alertmanager = started;
  });
  afterAll(async () => {
    await started?.stop();
    await receiver.close();
  });

  const alert = (labels: Record<string, string>): PostableAlert => ({
    labels,
    annotations: { summary: `${labels['alertname'] ?? ''} fired` },
    startsAt: new Date().toISOString(),
  });
  // One incident as the rules would raise it: payment is down, and what that causes fires too.
  const serviceDown = { alertname: 'ServiceDown', severity: 'page', job: 'payment' };
  const burnFast = {
    alertname: 'CheckoutErrorBudgetBurnFast',
    severity: 'page',
    job: 'order',
    slo: 'checkout-availability',
  };
  const muted = {
    // The rule sets its job to the probed service (label_replace from target_service).
    probe: {
      alertname: 'EndpointProbeFailed',
      severity: 'page',
      job: 'payment',
      target_service: 'payment',
      instance: 'http://payment:3004/health/ready',
    },
    successRatio: { alertname: 'PaymentSuccessRatioLow', severity: 'page', job: 'payment' },
    breaker: {
      alertname: 'CircuitBreakerOpen',
      severity: 'ticket',
      job: 'order',
      peer_service: 'payment',
    },
    downstream: {
      alertname: 'DownstreamErrorRatioHigh',
      severity: 'ticket',
      job: 'order',
      peer_service: 'payment',
    },
    burnSlow: { ...burnFast, alertname: 'CheckoutErrorBudgetBurnSlow', severity: 'ticket' },
  };
  // Not caused by payment being down: stays loud.
  const unrelatedTicket = {
    alertname: 'DownstreamErrorRatioHigh',
    severity: 'ticket',
    job: 'order',
    peer_service: 'inventory',
  };
  const names = (notification: WebhookNotification): string[] =>
    notification.alerts
      .map((a) => `${a.labels['alertname'] ?? ''}/${a.labels['job'] ?? ''}`)
      .sort();

  it('sends one grouped notification per tier, mutes what the down service explains, and repeats the Watchdog to deadman', async () => {
    const posted = Date.now();
    await alertmanager.postAlerts([
      alert(serviceDown),
      alert(burnFast),
      ...Object.values(muted).map(alert),
      alert(unrelatedTicket),
      alert({ alertname: 'Watchdog', severity: 'none' }),
    ]);

    // Pages: ServiceDown and the fast burn together, in one notification; the probe failure and
    // the success ratio of the down payment are muted.
    const page = await receiver.next((n) => n.receiver === 'page');
    expect(page.status).toBe('firing');
    expect(page.path).toBe('/alertmanager');
    expect(page.groupLabels).toEqual({ severity: 'page' });
    expect(names(page)).toEqual(['CheckoutErrorBudgetBurnFast/order', 'ServiceDown/payment']);
    expect(page.externalURL).toBe(alertmanager.url);

    // Tickets: only the one payment being down does not explain; the breaker, the errors calling
    // payment and the slow burn (twin of the fast one) are muted.
    const ticket = await receiver.next((n) => n.receiver === 'ticket');
    expect(ticket.alerts.map((a) => a.labels)).toEqual([unrelatedTicket]);
    // The ticket tier waits longer than the page tier (group_wait 1m vs 30s, scaled).
    expect(ticket.receivedAt - posted).toBeGreaterThanOrEqual(page.receivedAt - posted);

    // The dead man's switch: the Watchdog alone, to deadman, and again after repeat_interval.
    const deadman = await receiver.next((n) => n.receiver === 'deadman');
    expect(deadman.alerts.map((a) => a.labels['alertname'])).toEqual(['Watchdog']);
    const repeat = await receiver.next((n) => n.receiver === 'deadman' && n !== deadman);
    expect(repeat.alerts.map((a) => a.labels['alertname'])).toEqual(['Watchdog']);
    expect(repeat.receivedAt - deadman.receivedAt).toBeGreaterThanOrEqual(1500);

    // Alertmanager holds the muted alerts as suppressed, each by the alert that explains it.
    const held = await alertmanager.alerts();
    const has = (labels: Record<string, string>) => (a: { labels: Record<string, string> }) =>
      Object.entries(labels).every(([key, value]) => a.labels[key] === value);
    const alertnameOf = new Map(held.map((a) => [a.fingerprint, a.labels['alertname']]));
    const explainedBy: Record<keyof typeof muted, string[]> = {
      probe: ['ServiceDown'],
      successRatio: ['ServiceDown', 'EndpointProbeFailed'],
      breaker: ['ServiceDown', 'EndpointProbeFailed'],
      downstream: ['ServiceDown', 'EndpointProbeFailed'],
      burnSlow: ['CheckoutErrorBudgetBurnFast'],
    };
    for (const [name, labels] of Object.entries(muted)) {
      const status = held.find(has(labels))?.status;
      const by = (status?.inhibitedBy ?? []).map((fingerprint) => alertnameOf.get(fingerprint));
      expect({ name, state: status?.state, by: by.length > 0 }).toEqual({
        name,
        state: 'suppressed',
        by: true,
      });
      for (const source of by) {
        expect(explainedBy[name as keyof typeof muted]).toContain(source);
      }
    }
    for (const loud of [serviceDown, burnFast, unrelatedTicket]) {
      expect(held.find(has(loud))?.status.state).toBe('active');
    }

    // Nothing else was sent: one page, one ticket, every muted alert kept out of both.
    const sent = receiver.notifications.filter((n) => n.receiver !== 'deadman');
    expect(sent.map((n) => n.receiver).sort()).toEqual(['page', 'ticket']);
  }, 20_000);
});
