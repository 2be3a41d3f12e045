import { existsSync, readFileSync } from 'node:fs';
import {
  bindMounts,
  interpolate,
  COMPOSE_FILE,
  loadCompose,
  mebibytes,
  OVERRIDE_FILES,
  type ComposeService,
} from './compose-model';
import { composeValidator } from './compose-schema';
import { readYaml, repoPath } from './repo';

const compose = loadCompose();
const services = compose.services;
const APPS = ['catalog', 'inventory', 'order', 'payment'] as const;
/** Every service built from the Dockerfile: the shop's four, the watcher and the gateway. */
const BUILT = [...APPS, 'watcher', 'gateway'] as const;
/** The notification layer and the exporters: pulled images, each config mounted read-only. */
const NOTIFY = ['alertmanager', 'blackbox-exporter', 'postgres-exporter'] as const;
/** Images without a shell or client inside (distroless / scratch): no in-container healthcheck. */
const NO_HEALTHCHECK_POSSIBLE = ['otel/opentelemetry-collector-contrib', 'grafana/pyroscope'];
/**
 * What a person opens: the UIs and the shop's public API, all on this machine only by default (a
 * workshop's Wi-Fi must not reach a neighbour's stack). Inventory and payment stay internal.
 */
const PUBLISHED = {
  grafana: ['127.0.0.1:3000:3000'],
  gateway: ['127.0.0.1:8080:8080'],
  prometheus: ['127.0.0.1:9090:9090'],
  tempo: ['127.0.0.1:3200:3200'],
  loki: ['127.0.0.1:3100:3100'],
  alertmanager: ['127.0.0.1:9093:9093'],
  watcher: ['127.0.0.1:3005:3005'],
};
/**
 * What FAULTLINE_PUBLISH_ADDRESS opens to the room on purpose: Grafana and the shop (the gateway). The
 * backends (Prometheus's lifecycle API), Alertmanager (silences) and the pager page take writes
 * without a login and stay on 127.0.0.1 whatever is set.
 */
const OPENED_ON_PURPOSE = ['grafana', 'gateway'];
/** Reached only on the compose network: the gateway in front, the watcher behind. */
const INTERNAL = ['catalog', 'inventory', 'order', 'payment'] as const;
/** The defaults published in the source: compose must not rely on them (see localOnlyDefault). */
const PUBLISHED_SECRETS = ['faultline-local', 'faultline-local-service'];
const DATABASES = {
  catalog: 'catalog',
  inventory: 'inventory',
  order: 'orders',
  payment: 'payments',
};
const PORTS = {
  catalog: 3001,
  inventory: 3002,
  order: 3003,
  payment: 3004,
  watcher: 3005,
  gateway: 8080,
};

const dockerfile = readFileSync(repoPath('Dockerfile'), 'utf8');
/** The image's HEALTHCHECK asks ${PORT}: a built service that sets PORT (or has its own) has it. */
const hasHealthcheck = (name: string, service: ComposeService): boolean =>
  (service.healthcheck !== undefined && service.healthcheck.disable !== true) ||
  (service.build !== undefined &&
    /^HEALTHCHECK /m.test(dockerfile) &&
    (name in PORTS || service.environment?.['PORT'] !== undefined));

describe('docker-compose.yml', () => {
  const validate = composeValidator();

  it.each([COMPOSE_FILE, ...OVERRIDE_FILES])(
    '%s validates against the compose-spec schema',
    (file) => {
      const valid = validate(readYaml(file));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('is rejected by the schema when a service has a misspelt key (the check has teeth)', () => {
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    broken.services['catalog']!['mem_limt'] = '64m';
    expect(validate(broken)).toBe(false);
  });

  it('pins every pulled image to a version tag, never latest', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      expect({ name, image: service.image }).toEqual({
        name,
        image: expect.stringMatching(/^[a-z0-9./-]+:v?\d+(\.\d+)+$/),
      });
    }
  });

  it('runs payment’s canary slot from payment’s image, where order, the CLI and Prometheus look for it', () => {
    const slot = services['payment-canary'];
    expect(slot?.build).toEqual(services['payment']?.build);
    expect(slot?.command).toEqual(['node', 'dist/canary-slot.js']);
    expect(existsSync(repoPath('apps/payment/src/canary-slot.ts'))).toBe(true);
    const env = slot?.environment ?? {};
    // The canary is payment: the same name on its telemetry, its own database, its version apart.
    expect(env).toMatchObject({
      OTEL_SERVICE_NAME: 'payment',
      PYROSCOPE_APPLICATION_NAME: 'payment',
      DATABASE_URL: services['payment']?.environment?.['DATABASE_URL'],
      CANARY_URL: `http://payment-canary:${env['CANARY_PORT'] ?? 'missing'}`,
    });
    const api = `http://payment-canary:${env['PORT'] ?? 'missing'}`;
    expect(services['faultline']?.environment?.['FAULTLINE_SUPERVISOR_URL']).toBe(api);
    const prometheus = readYaml<{
      scrape_configs: { job_name: string; http_sd_configs?: { url: string }[] }[];
    }>('infra/prometheus/prometheus.yml');
    expect(
      prometheus.scrape_configs.find((job) => job.job_name === 'payment')?.http_sd_configs,
    ).toEqual([expect.objectContaining({ url: `${api}/deployments/targets` })]);
  });

  it('builds the four services and the watcher from the Dockerfile with their name and port', () => {
    for (const app of BUILT) {
      expect(services[app]?.build).toEqual({
        context: '.',
        dockerfile: 'Dockerfile',
        args: { SERVICE: app, PORT: String(PORTS[app]) },
      });
    }
    expect(existsSync(repoPath('Dockerfile'))).toBe(true);
  });

  it('runs the fault CLI from the same image, on demand, pointed at every service by name', () => {
    const cli = services['faultline'];
    expect(cli?.build).toEqual({
      context: '.',
      dockerfile: 'Dockerfile',
      args: { SERVICE: 'faultline-cli' },
    });
    expect(cli?.profiles).toEqual(['tools']);
    expect(cli?.entrypoint).toEqual(['node', 'dist/main.js']);
    expect(cli?.environment).toMatchObject({
      FAULT_ADMIN_TOKEN: services['payment']?.environment?.['FAULT_ADMIN_TOKEN'],
      FAULTLINE_CATALOG_URL: 'http://catalog:3001',
      FAULTLINE_INVENTORY_URL: 'http://inventory:3002',
      FAULTLINE_ORDER_URL: 'http://order:3003',
      FAULTLINE_PAYMENT_URL: 'http://payment:3004',
      FAULTLINE_GATEWAY_URL: 'http://gateway:8080',
      FAULTLINE_PROMETHEUS_URL: 'http://prometheus:9090',
    });
    // Its reset --delete-series needs Prometheus's admin API, published on 127.0.0.1 only.
    expect(services['prometheus']?.command).toContain('--web.enable-admin-api');
    expect(services['prometheus']?.ports).toEqual(['127.0.0.1:9090:9090']);
    expect(cli?.ports).toBeUndefined();
  });

  it('mounts only files and folders that exist in the repository', () => {
    const missing = bindMounts(compose)
      .filter((mount) => !existsSync(repoPath(mount.host)))
      .map((mount) => `${mount.service}: ./${mount.host}`);
    expect(missing).toEqual([]);
  });

  it('declares every named volume it uses', () => {
    const used = Object.values(services).flatMap((service) =>
      (service.volumes ?? [])
        .filter((volume) => !volume.startsWith('./'))
        .map((volume) => volume.split(':')[0]),
    );
    expect(used.length).toBeGreaterThan(0);
    for (const volume of used) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
  });

  it('publishes only the shop (the gateway), Grafana, Prometheus, Tempo, Loki, Alertmanager and the pager page, all on 127.0.0.1 by default, each port once', () => {
    const published = Object.fromEntries(
      Object.entries(services)
        .filter(([, service]) => service.ports)
        .map(([name, service]) => [name, service.ports]),
    );
    expect(published).toEqual(PUBLISHED);
    // [ip:]host:container: the host port is the one before the last colon.
    const hostPorts = Object.values(published)
      .flat()
      .map((port) => port!.split(':').at(-2));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('opens the shop and Grafana to the room only when FAULTLINE_PUBLISH_ADDRESS says so, and nothing else', () => {
    const opened = loadCompose(COMPOSE_FILE, { FAULTLINE_PUBLISH_ADDRESS: '0.0.0.0' }).services;
    for (const [name, ports] of Object.entries(PUBLISHED)) {
      const expected = OPENED_ON_PURPOSE.includes(name)
        ? ports.map((port) => port.replace(/^127\.0\.0\.1:/, '0.0.0.0:'))
        : ports;
      expect({ name, ports: opened[name]?.ports }).toEqual({ name, ports: expected });
    }
  });

  it('lets whoever opens the stack replace the documented fault token and Grafana’s anonymous Admin role', () => {
    const opened = loadCompose(COMPOSE_FILE, {
      FAULTLINE_FAULT_TOKEN: 'a-room-secret',
      GRAFANA_ANONYMOUS_ROLE: 'Viewer',
    }).services;
    for (const app of APPS) {
      expect(opened[app]?.environment?.['FAULT_ADMIN_TOKEN']).toBe('a-room-secret');
    }
    expect(opened['grafana']?.environment?.['GF_AUTH_ANONYMOUS_ORG_ROLE']).toBe('Viewer');
    expect(services['grafana']?.environment?.['GF_AUTH_ANONYMOUS_ORG_ROLE']).toBe('Admin');
  });

  it('keeps inventory and payment internal: no host port, reached by order on the compose network', () => {
    for (const name of INTERNAL) expect({ name, ports: services[name]?.ports }).toEqual({ name });
    expect(services['order']?.environment).toMatchObject({
      INVENTORY_URL: 'http://inventory:3002',
      PAYMENT_URL: 'http://payment:3004',
    });
  });

  it('makes the services listen on every interface of their container, as the image does', () => {
    for (const app of APPS) expect(services[app]?.environment?.['HOST']).toBe('0.0.0.0');
    // The services default to loopback; inside a container that would be unreachable.
    expect(dockerfile).toMatch(/^\s+HOST=0\.0\.0\.0\b/m);
  });

  it('gives the services one service token of its own, never a default published in the source', () => {
    const tokens = new Set(APPS.map((app) => services[app]?.environment?.['SERVICE_TOKEN']));
    expect(tokens.size).toBe(1);
    const [token] = [...tokens];
    expect(token).toEqual(expect.stringMatching(/^.{16,}$/));
    for (const app of APPS) {
      const env = services[app]?.environment ?? {};
      for (const variable of ['SERVICE_TOKEN', 'FAULT_ADMIN_TOKEN']) {
        expect({
          app,
          variable,
          published: PUBLISHED_SECRETS.includes(env[variable] ?? ''),
        }).toEqual({ app, variable, published: false });
      }
    }
  });

  it('gives every service a healthcheck unless its image has no shell or client for one', () => {
    for (const [name, service] of Object.entries(services)) {
      const impossible = NO_HEALTHCHECK_POSSIBLE.some((image) =>
        (service.image ?? '').startsWith(`${image}:`),
      );
      // k6 runs (the shoppers, the sale) and the fault CLI serve nothing a healthcheck could ask.
      if (impossible || (service.image ?? '').startsWith('grafana/k6:')) continue;
      if (service.profiles?.includes('tools')) {
        expect({ name, healthcheck: service.healthcheck }).toEqual({
          name,
          healthcheck: { disable: true },
        });
        continue;
      }
      expect({ name, healthcheck: hasHealthcheck(name, service) }).toEqual({
        name,
        healthcheck: true,
      });
    }
  });

  it('orders start-up with depends_on conditions that can be met', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect({ name, dependency, exists: target !== undefined }).toEqual({
          name,
          dependency,
          exists: true,
        });
        expect(['service_started', 'service_healthy']).toContain(condition);
        if (condition === 'service_healthy') {
          expect({ dependency, healthcheck: hasHealthcheck(dependency, target!) }).toEqual({
            dependency,
            healthcheck: true,
          });
        }
      }
    }
    // The services wait for their database to be ready, order also for its three peers.
    for (const app of APPS) {
      expect(services[app]?.depends_on?.['postgres']).toEqual({ condition: 'service_healthy' });
    }
    for (const peer of ['catalog', 'inventory', 'payment']) {
      expect(services['order']?.depends_on?.[peer]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('has no dependency cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`cycle: ${[...path, name].join(' → ')}`);
      visiting.add(name);
      for (const dependency of Object.keys(services[name]?.depends_on ?? {})) {
        visit(dependency, [...path, name]);
      }
      visiting.delete(name);
      done.add(name);
    };
    expect(() => {
      for (const name of Object.keys(services)) visit(name, []);
    }).not.toThrow();
  });

  it('caps every container’s memory, and the READMEs state the totals with and without the sale', () => {
    const limits = Object.entries(services).map(([name, service]) => ({
      name,
      mib: mebibytes(service.mem_limit ?? 'missing'),
      // What `docker compose up` starts; a service under a profile runs only when asked: the sale
      // beside the stack, the fault CLI (profile tools) for as long as one command lasts.
      profile: service.profiles?.join(',') ?? 'up',
    }));
    expect([...new Set(limits.map((limit) => limit.profile))].sort()).toEqual([
      'sale',
      'tools',
      'up',
    ]);
    const total = (...profiles: string[]) =>
      limits
        .filter((limit) => profiles.includes(limit.profile))
        .reduce((sum, limit) => sum + limit.mib, 0);
    const up = total('up');
    const all = total('up', 'sale');
    expect(all).toBeGreaterThan(up);
    for (const file of ['README.md', 'infra/README.md', 'docs/workshop-host.md']) {
      const text = readFileSync(repoPath(file), 'utf8');
      for (const total of [up, all]) {
        expect({ file, stated: text.includes(`${total.toLocaleString('en-US')} MiB`) }).toEqual({
          file,
          stated: true,
        });
      }
    }
  });

  it('asks for the memory scripts/doctor.sh checks: every limit, the profiles’ too, plus 1 GiB, in whole GiB', () => {
    const doctor = readFileSync(repoPath('scripts/doctor.sh'), 'utf8');
    const headroom = Number(/^MEMORY_HEADROOM_MIB=(\d+)$/m.exec(doctor)?.[1]);
    // doctor.sh adds up every mem_limit line of the file, services under a profile included.
    const every = Object.values(services).reduce(
      (sum, service) => sum + mebibytes(service.mem_limit ?? 'missing'),
      0,
    );
    const gib = Math.ceil((every + headroom) / 1024);
    for (const file of ['README.md', 'infra/README.md', 'docs/tutorial/README.md']) {
      const asked = [...readFileSync(repoPath(file), 'utf8').matchAll(/at least\W+(\d+) GiB/g)].map(
        (match) => Number(match[1]),
      );
      expect({ file, asked }).toEqual({ file, asked: [gib] });
    }
  });

  it('backs every limit with a row of infra/README.md’s memory table: the same limit, a figure and its source', () => {
    const text = readFileSync(repoPath('infra/README.md'), 'utf8');
    const table = text.slice(text.indexOf('## Memory budget'), text.indexOf('## Published ports'));
    const rows = new Map(
      table
        .split('\n')
        .filter((line) => /^\| [a-z]/.test(line))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map((cells) => [cells[1] ?? '', cells.slice(2)] as const),
    );
    for (const [name, service] of Object.entries(services)) {
      const row = rows.get(name);
      expect({ name, limit: row?.[0] }).toEqual({
        name,
        limit: `${mebibytes(service.mem_limit ?? 'missing')} MiB`,
      });
      // measured peak or upstream figure, and how it was measured or where it comes from
      expect({ name, figure: Boolean(row?.[1]), source: Boolean(row?.[2]) }).toEqual({
        name,
        figure: true,
        source: true,
      });
    }
  });

  it('configures each service’s database, telemetry, fault token and profiler', () => {
    const tokens = new Set<string>();
    for (const app of APPS) {
      const env = services[app]?.environment ?? {};
      expect(env).toMatchObject({
        PORT: String(PORTS[app]),
        OTEL_SERVICE_NAME: app,
        PYROSCOPE_APPLICATION_NAME: app,
        SERVICE_VERSION: expect.any(String),
        DEPLOYMENT_ENVIRONMENT: 'workshop',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
        PYROSCOPE_SERVER_ADDRESS: 'http://pyroscope:4040',
        DATABASE_URL: `postgres://postgres:postgres@postgres:5432/${DATABASES[app]}`,
      });
      tokens.add(env['FAULT_ADMIN_TOKEN'] ?? '');
    }
    expect([...tokens]).toEqual(['workshop-admin']);
    expect(services['order']?.environment).toMatchObject({
      CATALOG_URL: 'http://catalog:3001',
      INVENTORY_URL: 'http://inventory:3002',
      PAYMENT_URL: 'http://payment:3004',
      CARD_VAULT_KEY: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('creates the four databases on first start', () => {
    const initDir = bindMounts(compose).find(
      (mount) => mount.service === 'postgres' && mount.container === '/docker-entrypoint-initdb.d',
    );
    expect(initDir).toBeDefined();
    const sql = readFileSync(repoPath(initDir!.host, '01-databases.sql'), 'utf8');
    for (const database of Object.values(DATABASES)) {
      expect(sql).toContain(`CREATE DATABASE ${database};`);
    }
  });

  it('runs the k6 shoppers by default, remote-writing to Prometheus, from the mounted load-tests', () => {
    const shoppers = services['shoppers']!;
    expect(shoppers.profiles).toBeUndefined();
    expect(shoppers.command).toEqual([
      'run',
      '--summary-mode=disabled',
      '--no-thresholds',
      '--out',
      'experimental-prometheus-rw',
      '/scripts/shoppers.ts',
    ]);
    expect(shoppers.volumes).toContain('./load-tests:/scripts:ro');
    expect(shoppers.environment).toMatchObject({
      K6_PROMETHEUS_RW_SERVER_URL: 'http://prometheus:9090/api/v1/write',
      // Through the edge gateway, as the storefront shops.
      SHOP_URL: 'http://gateway:8080',
    });
    expect(shoppers.depends_on?.['gateway']).toEqual({ condition: 'service_healthy' });
  });

  it('puts the gateway in front of catalog, inventory and order, and only the gateway on a host port', () => {
    const gateway = services['gateway']!;
    expect(gateway.environment).toMatchObject({
      PORT: '8080',
      HOST: '0.0.0.0',
      OTEL_SERVICE_NAME: 'gateway',
      CATALOG_URL: 'http://catalog:3001',
      INVENTORY_URL: 'http://inventory:3002',
      ORDER_URL: 'http://order:3003',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
    });
    for (const upstream of ['catalog', 'inventory', 'order']) {
      expect(gateway.depends_on?.[upstream]).toEqual({ condition: 'service_healthy' });
    }
    expect(gateway.environment?.['DATABASE_URL']).toBeUndefined();
  });
});

describe('the notification layer in docker-compose.yml', () => {
  const command = (name: string): string[] => {
    const value = services[name]?.command ?? [];
    return typeof value === 'string' ? value.split(' ') : value;
  };
  /** The container path a `--flag=path` of the service's command names. */
  const flagPath = (name: string, flag: string): string | undefined =>
    command(name)
      .find((argument) => argument.startsWith(`--${flag}=`))
      ?.slice(flag.length + 3);

  it('runs the watcher like the services: the shared environment, its own name, order to buy from', () => {
    const watcher = services['watcher']!;
    expect(watcher.environment).toMatchObject({
      PORT: '3005',
      HOST: '0.0.0.0',
      OTEL_SERVICE_NAME: 'watcher',
      PYROSCOPE_APPLICATION_NAME: 'watcher',
      DEPLOYMENT_ENVIRONMENT: 'workshop',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      ORDER_URL: 'http://order:3003',
    });
    expect(watcher.depends_on?.['order']).toEqual({ condition: 'service_healthy' });
    // Its own measured limit (infra/README.md's table), not a copy of a service's.
    expect(watcher.mem_limit).toBe('224m');
  });

  it('pins Alertmanager and the exporters and mounts each config read-only where its command reads it', () => {
    const mounted = (name: string, containerPath: string | undefined): string | undefined =>
      bindMounts(compose).find((m) => m.service === name && m.container === containerPath)?.host;
    expect(services['alertmanager']?.image).toBe('prom/alertmanager:v0.34.0');
    expect(services['blackbox-exporter']?.image).toBe('prom/blackbox-exporter:v0.28.0');
    expect(services['postgres-exporter']?.image).toBe(
      'prometheuscommunity/postgres-exporter:v0.20.1',
    );
    expect(mounted('alertmanager', flagPath('alertmanager', 'config.file'))).toBe(
      'infra/alertmanager/alertmanager.yml',
    );
    expect(mounted('blackbox-exporter', flagPath('blackbox-exporter', 'config.file'))).toBe(
      'infra/blackbox/blackbox.yml',
    );
    expect(mounted('postgres-exporter', flagPath('postgres-exporter', 'extend.query-path'))).toBe(
      'infra/postgres-exporter/queries.yaml',
    );
    for (const name of NOTIFY) {
      for (const volume of services[name]?.volumes ?? []) {
        if (volume.startsWith('./')) expect(volume).toMatch(/:ro$/);
      }
    }
  });

  it('gives Alertmanager one instance (no gossip port), its data volume and browser-openable links', () => {
    expect(command('alertmanager')).toEqual(
      expect.arrayContaining([
        '--cluster.listen-address=',
        '--storage.path=/alertmanager',
        '--web.external-url=http://localhost:9093',
      ]),
    );
    expect(services['alertmanager']?.volumes).toContain('alertmanager-data:/alertmanager');
  });

  it('lets the Go backends’ garbage collector work inside their memory limits', () => {
    for (const name of NOTIFY) {
      const limit = mebibytes(services[name]?.mem_limit ?? 'missing');
      const gomemlimit = /^(\d+)MiB$/.exec(services[name]?.environment?.['GOMEMLIMIT'] ?? '');
      expect({ name, gomemlimit: gomemlimit !== null }).toEqual({ name, gomemlimit: true });
      expect(Number(gomemlimit![1])).toBeLessThan(limit);
    }
  });

  it('has postgres-exporter read PostgreSQL as the monitoring role its init script creates', () => {
    const dsn = new URL(services['postgres-exporter']?.environment?.['DATA_SOURCE_NAME'] ?? '');
    const script = readFileSync(repoPath('infra/postgres/initdb/02-monitoring.sql'), 'utf8');
    expect(dsn.username).not.toBe('postgres');
    expect(script).toContain(`CREATE ROLE ${dsn.username} WITH LOGIN PASSWORD '${dsn.password}'`);
    expect(script).toContain(`GRANT pg_monitor TO ${dsn.username};`);
    expect(services['postgres-exporter']?.depends_on?.['postgres']).toEqual({
      condition: 'service_healthy',
    });
  });
});

describe('the compose overrides', () => {
  const noLoad = readYaml<{ services: Record<string, ComposeService> }>(OVERRIDE_FILES[0]!);
  const backends = readYaml<{ services: Record<string, ComposeService> }>(OVERRIDE_FILES[1]!);
  const faultCli = readYaml<{ services: Record<string, ComposeService> }>(OVERRIDE_FILES[2]!);
  const disabled = (file: { services: Record<string, ComposeService> }): string[] =>
    Object.entries(file.services)
      .filter(([, service]) => service.profiles !== undefined)
      .map(([name]) => name)
      .sort();

  it('only touch services the base file defines', () => {
    for (const file of [noLoad, backends, faultCli]) {
      for (const name of Object.keys(file.services)) expect(Object.keys(services)).toContain(name);
    }
  });

  it('fault-cli opens the four services and the canary slot to this machine only (127.0.0.1) unless told, and nothing else', () => {
    expect(disabled(faultCli)).toEqual([]);
    const ports = (env: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(faultCli.services).map(([name, service]) => [
          name,
          (service.ports ?? []).map((port) => interpolate(port, env)),
        ]),
      );
    expect(ports({})).toEqual({
      catalog: ['127.0.0.1:3001:3001'],
      inventory: ['127.0.0.1:3002:3002'],
      order: ['127.0.0.1:3003:3003'],
      payment: ['127.0.0.1:3004:3004'],
      // The canary slot's deployment API, where `faultline deploy` looks by default (3009).
      'payment-canary': ['127.0.0.1:3009:3009'],
    });
    // A group's stack the host drives across the room (--hosts) opens them on purpose.
    expect(ports({ FAULTLINE_ADMIN_ADDRESS: '0.0.0.0' })['payment']).toEqual(['0.0.0.0:3004:3004']);
  });

  it('no-load leaves out the shoppers and nothing else', () => {
    expect(disabled(noLoad)).toEqual(['shoppers']);
  });

  it('backends leaves out the services, the watcher, shoppers and database, and opens OTLP and Pyroscope to the host', () => {
    expect(disabled(backends)).toEqual(
      [...BUILT, 'payment-canary', 'postgres', 'postgres-exporter', 'shoppers'].sort(),
    );
    // The exporter comes with the stack's own database (`--profile db`), never without it.
    expect(backends.services['postgres-exporter']?.profiles).toEqual(
      backends.services['postgres']?.profiles,
    );
    expect(backends.services['otel-collector']?.ports).toEqual([
      '127.0.0.1:4317:4317',
      '127.0.0.1:4318:4318',
    ]);
    expect(backends.services['pyroscope']?.ports).toEqual(['127.0.0.1:4040:4040']);
    expect(backends.services['postgres']?.ports).toEqual(['127.0.0.1:5432:5432']);
    // Nothing left running depends on a service the override disables.
    const off = new Set(disabled(backends));
    for (const [name, service] of Object.entries(services)) {
      // A service under a profile of its own (the sale) is not left running: nothing starts it.
      if (off.has(name) || service.profiles !== undefined) continue;
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect({ name, dependency, disabled: off.has(dependency) }).toEqual({
          name,
          dependency,
          disabled: false,
        });
      }
    }
  });
});
