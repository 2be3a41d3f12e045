import { existsSync } from 'node:fs';
import { hostPathOf, loadCompose, prometheusFolder } from './compose-model';
import { readYaml, repoPath } from './repo';

const compose = loadCompose();
const serviceNames = Object.keys(compose.services);

/** host and port of an address written `host:port` or `scheme://host:port/path`. */
function hostAndPort(address: string): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: Number(url.port) };
}

interface CollectorConfig {
  receivers: { otlp: { protocols: Record<string, { endpoint: string }> } };
  exporters: Record<string, { endpoint: string }>;
}
interface TempoConfig {
  server: { http_listen_port: number };
  distributor: { receivers: { otlp: { protocols: Record<string, { endpoint: string }> } } };
  metrics_generator: { storage: { remote_write: { url: string }[] } };
}
interface LokiConfig {
  server: { http_listen_port: number };
}
interface Datasources {
  datasources: { name: string; uid: string; url: string }[];
}
interface PrometheusConfig {
  alerting?: { alertmanagers?: { static_configs?: { targets: string[] }[] }[] };
  scrape_configs?: {
    job_name: string;
    static_configs?: { targets: string[]; labels?: Record<string, string> }[];
    relabel_configs?: { target_label?: string; replacement?: string; source_labels?: string[] }[];
  }[];
}
interface AlertmanagerConfig {
  receivers: { name: string; webhook_configs?: { url: string }[] }[];
}

const collectorPath = hostPathOf(compose, 'otel-collector', '/etc/otelcol-contrib/config.yaml')!;
const tempoPath = hostPathOf(compose, 'tempo', '/etc/tempo/tempo.yaml')!;
const lokiPath = hostPathOf(compose, 'loki', '/etc/loki/loki.yaml')!;
const alertmanagerPath = hostPathOf(compose, 'alertmanager', '/etc/alertmanager/alertmanager.yml')!;
const prometheusPath = `${prometheusFolder(compose)}/prometheus.yml`;
const collector = readYaml<CollectorConfig>(collectorPath);
const tempo = readYaml<TempoConfig>(tempoPath);
const loki = readYaml<LokiConfig>(lokiPath);

/** The port each backend listens on, from its own configuration (or its image default). */
const listens: Record<string, number[]> = {
  'otel-collector': Object.values(collector.receivers.otlp.protocols).map(
    (protocol) => hostAndPort(protocol.endpoint).port,
  ),
  tempo: [
    tempo.server.http_listen_port,
    ...Object.values(tempo.distributor.receivers.otlp.protocols).map(
      (protocol) => hostAndPort(protocol.endpoint).port,
    ),
  ],
  loki: [loki.server.http_listen_port],
  prometheus: [9090],
  pyroscope: [4040],
  catalog: [3001],
  inventory: [3002],
  order: [3003],
  payment: [3004],
  watcher: [3005],
  gateway: [8080],
  postgres: [5432],
  // Their images' defaults: compose passes no listen address.
  alertmanager: [9093],
  'blackbox-exporter': [9115],
  'postgres-exporter': [9187],
};

function expectReachable(from: string, address: string): void {
  const parsed = hostAndPort(address);
  // A backend's own localhost is itself (Prometheus scrapes its own /metrics).
  const host = parsed.host === 'localhost' ? from.split(' ')[0]! : parsed.host;
  const port = parsed.port;
  expect({ from, address, service: serviceNames.includes(host) }).toEqual({
    from,
    address,
    service: true,
  });
  expect({ from, address, listening: listens[host]?.includes(port) ?? false }).toEqual({
    from,
    address,
    listening: true,
  });
}

describe('every address a config points at is a compose service listening on that port', () => {
  it('the collector exports to Tempo and Loki', () => {
    const endpoints = Object.values(collector.exporters).map((exporter) => exporter.endpoint);
    expect(endpoints.length).toBe(2);
    for (const endpoint of endpoints) expectReachable('otel-collector', endpoint);
  });

  it('Tempo binds its receivers to its own compose name and remote-writes to Prometheus', () => {
    for (const protocol of Object.values(tempo.distributor.receivers.otlp.protocols)) {
      expect(hostAndPort(protocol.endpoint).host).toBe('tempo');
    }
    for (const target of tempo.metrics_generator.storage.remote_write) {
      expectReachable('tempo', target.url);
    }
  });

  it('Grafana’s data sources', () => {
    const { datasources } = readYaml<Datasources>(
      'infra/grafana/provisioning/datasources/datasources.yaml',
    );
    expect(datasources.map((source) => source.uid).sort()).toEqual([
      'alertmanager',
      'loki',
      'prometheus',
      'pyroscope',
      'tempo',
    ]);
    for (const source of datasources) expectReachable(`grafana ${source.name}`, source.url);
  });

  it('the services, the shoppers and their exporters', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const key of [
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'PYROSCOPE_SERVER_ADDRESS',
        'CATALOG_URL',
        'INVENTORY_URL',
        'PAYMENT_URL',
        'ORDER_URL',
        'K6_PROMETHEUS_RW_SERVER_URL',
        'DATA_SOURCE_NAME',
      ]) {
        const address = service.environment?.[key];
        if (address) expectReachable(`${name} ${key}`, address);
      }
    }
  });

  it('Prometheus scrapes the four services under their own job names', () => {
    // infra/prometheus is written with the end-to-end suite; this fails until prometheus.yml exists.
    expect(existsSync(repoPath(prometheusPath))).toBe(true);
    const prometheus = readYaml<PrometheusConfig>(prometheusPath);
    const targets = (prometheus.scrape_configs ?? []).flatMap((job) =>
      (job.static_configs ?? []).flatMap((group) =>
        group.targets.map((target) => ({ job: job.job_name, target })),
      ),
    );
    for (const { target } of targets) expectReachable('prometheus', target);
    for (const app of ['catalog', 'inventory', 'order', 'payment', 'watcher', 'gateway']) {
      expect(targets).toContainEqual({ job: app, target: `${app}:${listens[app]![0]}` });
    }
    expect(targets).toContainEqual({ job: 'alertmanager', target: 'alertmanager:9093' });
    expect(targets).toContainEqual({ job: 'postgres', target: 'postgres-exporter:9187' });
  });

  it('Prometheus probes every service built in compose through the blackbox exporter', () => {
    const prometheus = readYaml<PrometheusConfig>(prometheusPath);
    const blackbox = prometheus.scrape_configs?.find((job) => job.job_name === 'blackbox');
    // The address scraped is the exporter's, set by the relabeling.
    const exporter = blackbox?.relabel_configs?.find(
      (rule) => rule.target_label === '__address__',
    )?.replacement;
    expectReachable('prometheus', exporter ?? 'missing');
    expect(hostAndPort(exporter!).host).toBe('blackbox-exporter');
    const probes = (blackbox?.static_configs ?? []).map((group) => ({
      service: group.labels?.['target_service'],
      url: group.targets.join(),
    }));
    const built = Object.entries(compose.services)
      // Built servers `up` starts; the fault CLI (profile tools) is a command, not a server.
      .filter(([, service]) => service.build !== undefined && service.profiles === undefined)
      // payment-canary is payment at another release (no service, peer or probe of its own): its
      // canary is scraped in job payment, track="canary".
      .filter(([name]) => name !== 'payment-canary')
      .map(([name]) => name)
      .sort();
    expect(probes.map((probe) => probe.service).sort()).toEqual(built);
    for (const { service, url } of probes) {
      expectReachable('blackbox-exporter', url);
      expect(url).toBe(`http://${service}:${listens[service!]![0]}/health/ready`);
    }
  });

  it('Prometheus sends alerts to Alertmanager, and Alertmanager notifies the watcher', () => {
    const prometheus = readYaml<PrometheusConfig>(prometheusPath);
    const alertmanagers = (prometheus.alerting?.alertmanagers ?? []).flatMap((am) =>
      (am.static_configs ?? []).flatMap((group) => group.targets),
    );
    expect(alertmanagers).toEqual(['alertmanager:9093']);
    for (const target of alertmanagers) expectReachable('prometheus', target);
    const { receivers } = readYaml<AlertmanagerConfig>(alertmanagerPath);
    const webhooks = receivers.flatMap((r) => (r.webhook_configs ?? []).map((w) => w.url));
    expect(webhooks.length).toBe(receivers.length);
    for (const url of webhooks) {
      expectReachable('alertmanager', url);
      expect(url).toBe('http://watcher:3005/alertmanager');
    }
  });

  it('the backends-only override resolves every scraped name that is not a backend to the host', () => {
    expect(existsSync(repoPath(prometheusPath))).toBe(true);
    const override = readYaml<{
      services: Record<string, { extra_hosts?: string[]; volumes?: string[]; profiles?: string[] }>;
    }>('infra/compose/backends.yaml');
    // Its Prometheus loads the file mounted over prometheus.yml: native.yml, with the supervisor.
    const mounted = (override.services['prometheus']?.volumes ?? [])
      .map((volume) => volume.split(':'))
      .find(([, container]) => container === '/etc/prometheus/prometheus.yml')?.[0];
    const prometheus = readYaml<PrometheusConfig>(mounted?.replace(/^\.\//, '') ?? prometheusPath);
    // A backend the override only moves to the `db` profile runs in compose with that profile
    // (postgres-exporter with postgres): not a name for the host.
    const runsInCompose = (host: string): boolean => {
      const profiles = override.services[host]?.profiles;
      return serviceNames.includes(host) && (profiles === undefined || profiles.includes('db'));
    };
    const scrapedApps = new Set(
      (prometheus.scrape_configs ?? [])
        .flatMap((job) => (job.static_configs ?? []).flatMap((group) => group.targets))
        .map((target) => hostAndPort(target).host)
        .filter((host) => !runsInCompose(host)),
    );
    expect([...scrapedApps].sort()).toEqual([
      'catalog',
      'gateway',
      'inventory',
      'order',
      'payment',
      'supervisor',
      'watcher',
    ]);
    const mappedBy = (service: string): string[] =>
      (override.services[service]?.extra_hosts ?? [])
        .map((entry) => {
          const [host, target] = entry.split(':');
          expect(target).toBe('host-gateway');
          return host!;
        })
        .sort();
    expect(mappedBy('prometheus')).toEqual([...scrapedApps].sort());
    // The blackbox exporter probes the same native services; Alertmanager posts to the watcher.
    const probed = (prometheus.scrape_configs ?? [])
      .filter((job) => job.job_name === 'blackbox')
      .flatMap((job) => (job.static_configs ?? []).flatMap((group) => group.targets))
      .map((url) => hostAndPort(url).host)
      .filter((host) => !runsInCompose(host));
    expect(mappedBy('blackbox-exporter')).toEqual([...new Set(probed)].sort());
    const notified = readYaml<AlertmanagerConfig>(alertmanagerPath)
      .receivers.flatMap((r) => (r.webhook_configs ?? []).map((w) => hostAndPort(w.url).host))
      .filter((host) => !runsInCompose(host));
    expect(mappedBy('alertmanager')).toEqual([...new Set(notified)].sort());
  });
});
