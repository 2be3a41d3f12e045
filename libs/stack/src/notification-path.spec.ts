/**
 * The notification path natively, end to end: a real Prometheus with the repository's rules and
 * the alerting section testPrometheusConfig derives, a real Alertmanager with the repository's
 * config, and a stand-in for the watcher. The always-firing Watchdog must arrive at `deadman`.
 */
import { startAlertmanager } from './alertmanager';
import type { AlertmanagerProcess } from './alertmanager';
import { startPrometheus } from './prometheus';
import type { PrometheusProcess } from './prometheus';
import { testPrometheusConfig } from './prometheus-config';
import { startWebhookReceiver } from './webhook-receiver';
import type { WebhookReceiver } from './webhook-receiver';

describe('Prometheus → Alertmanager → the watcher’s webhook', () => {
  let receiver: WebhookReceiver;
  let alertmanager: AlertmanagerProcess | undefined;
  let prometheus: PrometheusProcess | undefined;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const am = await startAlertmanager({ webhookUrl: receiver.url, timeScale: 30 });
    alertmanager = am;
    prometheus = await startPrometheus(
      (own) =>
        testPrometheusConfig({
          // Nothing listens on port 9: the services are not what this test is about.
          targets: {
            catalog: '127.0.0.1:9',
            inventory: '127.0.0.1:9',
            order: '127.0.0.1:9',
            payment: '127.0.0.1:9',
            prometheus: own,
            alertmanager: am.address,
          },
          scrapeInterval: '1s',
          evaluationInterval: '1s',
          alertmanagers: [am.address],
        }),
      'prometheus',
      // The Watchdog fires at the first evaluation, before Prometheus has found its Alertmanager;
      // that first send is dropped and retried after this delay (1m by default).
      ['--rules.alert.resend-delay=1s'],
    );
  });
  afterAll(async () => {
    await prometheus?.stop();
    await alertmanager?.stop();
    await receiver.close();
  });

  it('delivers the Watchdog to the dead man’s switch, and scrapes Alertmanager', async () => {
    const deadman = await receiver.next((n) => n.receiver === 'deadman', 20_000);
    expect(deadman.alerts.map((a) => a.labels)).toEqual([
      expect.objectContaining({ alertname: 'Watchdog', severity: 'none' }),
    ]);
    expect(deadman.path).toBe('/alertmanager');
    // The first scrape of the alertmanager job may come after the first notification.
    const deadline = Date.now() + 10_000;
    let up = await prometheus!.query('up{job="alertmanager"}');
    while (up.length === 0 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 200));
      up = await prometheus!.query('up{job="alertmanager"}');
    }
    expect(up.map((s) => s.value)).toEqual([1]);
  }, 30_000);
});
