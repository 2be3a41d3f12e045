import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DASHBOARDS } from './registry';
import { DASHBOARDS_ROOT, renderDashboards } from './render';
import { interpolatePromql, promqlExpressions } from './expressions';
import { checkoutErrorRatio } from './slo';

const committedRoot = resolve(__dirname, '..', '..', '..', DASHBOARDS_ROOT);

describe('the committed dashboards', () => {
  it.each(renderDashboards().map((rendered) => [rendered.path, rendered]))(
    '%s is byte for byte what the TypeScript generates (run `npm run dashboards` if not)',
    (_path, rendered) => {
      expect(readFileSync(join(committedRoot, rendered.path), 'utf8')).toBe(rendered.content);
    },
  );

  it('are all generated: no hand-made JSON sits beside them', () => {
    for (const folder of new Set(DASHBOARDS.map((entry) => entry.folder))) {
      const expected = DASHBOARDS.filter((entry) => entry.folder === folder).map((e) => e.file);
      expect(readdirSync(join(committedRoot, folder)).sort()).toEqual(expected.sort());
    }
  });
});

interface Panel {
  type?: string;
  title?: string;
  datasource?: unknown;
  targets?: Record<string, unknown>[];
  fieldConfig?: {
    defaults?: { unit?: string; links?: { title: string; url: string }[] };
    overrides?: { matcher: { id: string; options: string }; properties: unknown[] }[];
  };
}

interface RenderedJson {
  uid: string;
  title: string;
  panels: Panel[];
}

const rendered = (): RenderedJson[] =>
  renderDashboards().map((r) => JSON.parse(r.content) as RenderedJson);

const exprs = (panel: Panel): string[] =>
  (panel.targets ?? []).map((target) => target['expr']).filter((e) => typeof e === 'string');

/** Every panel of every dashboard, with its dashboard. */
const everyPanel = (): { dashboard: RenderedJson; panel: Panel }[] =>
  rendered().flatMap((dashboard) => dashboard.panels.map((panel) => ({ dashboard, panel })));

describe('the dashboards', () => {
  const dashboards = renderDashboards().map(
    (rendered) =>
      JSON.parse(rendered.content) as {
        uid: string;
        title: string;
        panels: { id: number; title: string; type: string }[];
      },
  );

  it('have the fixed UIDs and titles the docs refer to', () => {
    expect(dashboards.map(({ uid, title }) => ({ uid, title }))).toEqual([
      { uid: 'faultline-shop-overview', title: 'Shop overview' },
      { uid: 'faultline-service-red', title: 'Service RED' },
      { uid: 'faultline-checkout-dependencies', title: 'Checkout dependencies' },
      { uid: 'faultline-slo-checkout', title: 'SLO and error budget' },
      { uid: 'faultline-load', title: 'Load' },
      { uid: 'faultline-deployments', title: 'Deployments' },
      { uid: 'faultline-instructor', title: 'Instructor' },
    ]);
  });

  it('number panels 1, 2, 3… and never repeat a panel title within a dashboard', () => {
    for (const dashboard of dashboards) {
      expect(dashboard.panels.map((panel) => panel.id)).toEqual(
        dashboard.panels.map((_panel, index) => index + 1),
      );
      const titles = dashboard.panels.filter((p) => p.type !== 'row').map((p) => p.title);
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it('keep the instructor’s fault gauge out of the attendees’ folder', () => {
    for (const query of promqlExpressions()) {
      if (query.expr.includes('faultline_fault_active')) {
        expect(query.dashboardUid).toBe('faultline-instructor');
      }
    }
  });

  it('mark deployments and firing alerts on every dashboard, and faults on the Instructor’s only', () => {
    const annotations = promqlExpressions().filter((query) =>
      query.panel.startsWith('annotation '),
    );
    const named = (name: string) =>
      annotations.filter((query) => query.panel === `annotation ${name}`);
    const everyUid = dashboards.map((dashboard) => dashboard.uid);
    expect(named('Deployments').map((query) => query.dashboardUid)).toEqual(everyUid);
    expect(named('Alerts').map((query) => query.dashboardUid)).toEqual(everyUid);
    expect(named('Faults').map((query) => query.dashboardUid)).toEqual(['faultline-instructor']);
    expect(annotations).toHaveLength(everyUid.length * 2 + 1);
    for (const query of named('Deployments')) {
      expect(query.expr).toBe('increase(deployments_total{service="payment"}[1m]) > 0');
    }
    // Prometheus's ALERTS while firing, without the always-firing Watchdog (severity none).
    for (const query of named('Alerts')) {
      expect(query.expr).toMatch(/^ALERTS\{alertstate="firing",severity!="none"\}$/);
    }
    expect(named('Faults')[0]?.expr).toContain('faultline_fault_active');
  });

  it('compare the releases’ CPU profiles on the Deployments dashboard, as the services push them', () => {
    const deployments = renderDashboards().find((r) => r.path.endsWith('deployments.json'));
    const panels = (JSON.parse(deployments?.content ?? '{}') as { panels: Panel[] }).panels;
    const flames = panels.filter((panel) => panel.type === 'flamegraph');
    expect(flames.map((panel) => panel.targets?.[0]?.['labelSelector'])).toEqual([
      '{service_name="payment", service_version!="0.2.0"}',
      '{service_name="payment", service_version="0.2.0"}',
    ]);
    // The wall profiler with its CPU time, which the services' profiling turns on.
    const profiling = readFileSync(
      resolve(__dirname, '..', '..', 'instrumented', 'src', 'telemetry', 'profiling.ts'),
      'utf8',
    );
    expect(profiling).toMatch(/wall: \{ collectCpuTime: true \}/);
    for (const panel of flames) {
      expect(panel.datasource).toEqual({ type: 'grafana-pyroscope-datasource', uid: 'pyroscope' });
      expect(panel.targets?.[0]).toMatchObject({
        queryType: 'profile',
        profileTypeId: 'wall:cpu:nanoseconds:wall:nanoseconds',
      });
    }
  });

  it('list every PromQL expression, which interpolates to plain PromQL', () => {
    const expressions = promqlExpressions();
    expect(expressions.length).toBeGreaterThan(40);
    expect(expressions).toContainEqual(
      expect.objectContaining({
        dashboard: 'Shop overview',
        panel: 'Orders per minute',
        expr: 'sum(rate(orders_paid_total{traffic="customer"}[5m])) * 60',
      }),
    );
    for (const query of expressions) expect(interpolatePromql(query.expr)).not.toContain('$');
  });

  it('use the recorded SLO series where the rules record one, the definition written out otherwise', () => {
    expect(checkoutErrorRatio('1h')).toBe('job:checkout_errors:ratio_rate1h{job="order"}');
    expect(checkoutErrorRatio('30d')).toContain('outcome="payment_pending"}[30d]');
    expect(checkoutErrorRatio('30d')).not.toContain('job:');
  });
});

describe('Service RED', () => {
  const red = rendered().find((d) => d.uid === 'faultline-service-red')!;

  it('shows the database pool: queries waiting, and p95/p99 of the wait with exemplars', () => {
    const pending = red.panels.filter((p) =>
      exprs(p).some((e) => /db_client_connection_pending_requests\{job="\$service"\}/.test(e)),
    );
    expect(pending.map((p) => p.title)).toEqual(['Queries waiting for a connection']);
    const wait =
      /^histogram_quantile\((0\.\d+), sum by \(le\) \(rate\(db_client_connection_wait_time_seconds_bucket\{job="\$service"\}\[\$__rate_interval\]\)\)\)$/;
    const waits = red.panels.filter((p) => exprs(p).some((e) => wait.test(e)));
    expect(waits).toHaveLength(1);
    const targets = waits[0]!.targets ?? [];
    expect(targets.map((t) => wait.exec(String(t['expr']))?.[1])).toEqual(['0.95', '0.99']);
    for (const target of targets) expect(target['exemplar']).toBe(true);
    expect(waits[0]!.fieldConfig?.defaults?.unit).toBe('s');
  });
});

describe('Shop overview', () => {
  const shop = rendered().find((d) => d.uid === 'faultline-shop-overview')!;
  const panel = (title: string): Panel => {
    const found = shop.panels.find((p) => p.title === title);
    if (!found) throw new Error(`Shop overview has no panel "${title}"`);
    return found;
  };
  /** The panels with a query matching `pattern`. */
  const withQuery = (pattern: RegExp): string[] =>
    shop.panels.filter((p) => exprs(p).some((e) => pattern.test(e))).map((p) => p.title ?? '');

  it('shows latency: p95 and p99 of the checkout (order’s POST /orders), with exemplars', () => {
    const checkout =
      /^histogram_quantile\((0\.\d+), sum by \(le\) \(rate\(http_server_request_duration_seconds_bucket\{job="order",method="POST",route="\/orders"\}\[\$__rate_interval\]\)\)\)$/;
    const latency = shop.panels.filter(
      (p) => p.type === 'timeseries' && exprs(p).some((e) => checkout.test(e)),
    );
    expect(latency).toHaveLength(1);
    const targets = latency[0]!.targets ?? [];
    expect(targets.map((t) => checkout.exec(String(t['expr']))?.[1])).toEqual(['0.95', '0.99']);
    for (const target of targets) expect(target['exemplar']).toBe(true);
  });

  it('shows saturation: event-loop lag, CPU and database pool waits per service', () => {
    expect(withQuery(/nodejs_eventloop_lag_p99_seconds\{job=~"[^"]*"\}/)).not.toEqual([]);
    expect(withQuery(/rate\(process_cpu_seconds_total\{job=~"[^"]*"\}/)).not.toEqual([]);
    expect(withQuery(/db_client_connection_pending_requests\{job=~"[^"]*"\}/)).not.toEqual([]);
  });

  it('shows traffic and errors per service: requests, and the share answered with a 5xx', () => {
    const requests =
      /sum by \(job\) \(rate\(http_server_request_duration_seconds_count\{job=~"[^"]*"\}/;
    expect(withQuery(new RegExp(`^${requests.source}[^/]*$`))).not.toEqual([]);
    expect(withQuery(/status_code=~"5\.\."[^/]*\/ sum by \(job\)/)).not.toEqual([]);
  });

  it('shows visits to orders conversion: paid orders divided by the product lists the gateway answered', () => {
    const conversion = withQuery(
      /^sum\(rate\(orders_paid_total\{traffic="customer"\}\[[^\]]+\]\)\) \/ sum\(rate\(http_server_request_duration_seconds_count\{job="gateway",method="GET",route="\/api\/v1\/products"\}/,
    );
    expect(conversion).toEqual([
      'Visit to order conversion',
      'Visit to order conversion over time',
    ]);
    // Not the checkout success ratio under another name.
    for (const title of conversion) {
      expect(exprs(panel(title)).join()).not.toContain('checkouts_total');
    }
  });

  it('counts orders and revenue per minute the same way: every paid order, whichever path paid it', () => {
    const [orders] = exprs(panel('Orders per minute'));
    const [revenue] = exprs(panel('Revenue per minute'));
    expect(orders).toBe('sum(rate(orders_paid_total{traffic="customer"}[5m])) * 60');
    expect(revenue).toBe(
      'sum(rate(order_revenue_minor_units_total{currency="EUR",traffic="customer"}[5m])) / 100 * 60',
    );
    // order counts both together for every paid order, at the first answer or on a retry
    // (apps/order's charge-order.spec proves it).
  });

  it('shows revenue in euros, the only currency the catalog sells in', () => {
    expect(panel('Revenue per minute').fieldConfig?.defaults?.unit).toBe('currencyEUR');
    expect(panel('Revenue per minute by currency').fieldConfig?.overrides).toContainEqual({
      matcher: { id: 'byName', options: 'EUR' },
      properties: [{ id: 'unit', value: 'currencyEUR' }],
    });
    const migrations = resolve(__dirname, '..', '..', '..', 'apps', 'catalog', 'migrations');
    const currencies = new Set(
      readdirSync(migrations)
        .filter((file) => file.endsWith('.sql'))
        .flatMap((file) =>
          [
            ...readFileSync(join(migrations, file), 'utf8').matchAll(/\d+,\s*'([A-Z]{3})'[,)]/g),
          ].map((match) => match[1]),
        ),
    );
    expect([...currencies]).toEqual(['EUR']);
  });
});

describe('every dashboard', () => {
  it('fetches exemplars with every latency quantile it draws over time', () => {
    const quantiles = everyPanel().flatMap(({ dashboard, panel }) =>
      (panel.targets ?? [])
        .filter((t) => t['range'] === true && /histogram_quantile\(/.test(String(t['expr'])))
        .map((t) => ({ panel: `${dashboard.title} › ${panel.title}`, exemplar: t['exemplar'] })),
    );
    expect(quantiles.length).toBeGreaterThan(10);
    expect(quantiles.filter((q) => q.exemplar !== true)).toEqual([]);
  });

  it('links each series of a per-service panel to its Service RED and to Explore', () => {
    const perService = everyPanel().filter(({ panel }) =>
      (panel.targets ?? []).some((t) =>
        /\{\{(job|peer_service)\}\}/.test(String(t['legendFormat'])),
      ),
    );
    expect(perService.length).toBeGreaterThan(10);
    for (const { dashboard, panel } of perService) {
      const links = panel.fieldConfig?.defaults?.links ?? [];
      const where = `${dashboard.title} › ${panel.title}`;
      expect({ where, links: links.map((l) => l.title) }).toEqual({
        where,
        links: [
          expect.stringMatching(/^Service RED: \$\{__field\.labels\.(job|peer_service)\}$/),
          expect.stringMatching(/^Explore: /),
        ],
      });
      // The label the links fill in is one every series of the panel carries.
      const label = /\$\{__field\.labels\.(\w+)\}/.exec(links[0]!.url)?.[1] ?? '';
      for (const target of panel.targets ?? []) {
        expect({ where, legend: target['legendFormat'] }).toEqual({
          where,
          legend: expect.stringContaining(`{{${label}}}`),
        });
      }
    }
  });

  it('keep the time range in every data link, and link only to dashboards that exist', () => {
    const uids = new Set(rendered().map((d) => d.uid));
    const links = everyPanel().flatMap(({ panel }) => panel.fieldConfig?.defaults?.links ?? []);
    expect(links.length).toBeGreaterThan(20);
    for (const { url } of links) {
      if (url.startsWith('/d/')) {
        const uid = /^\/d\/([^/?]+)/.exec(url)?.[1] ?? '';
        expect({ url, known: uids.has(uid) }).toEqual({ url, known: true });
        expect(url).toContain('&${__url_time_range}');
        expect(url).toMatch(/[?&]var-service=\$\{__field\.labels\.(job|peer_service)\}&/);
      } else {
        expect(url.startsWith('/explore?')).toBe(true);
        const panes = JSON.parse(
          new URLSearchParams(url.split('?')[1]).get('panes') ?? '{}',
        ) as Record<string, { datasource: string; queries: { expr: string }[]; range: unknown }>;
        const [pane] = Object.values(panes);
        expect(pane?.range).toEqual({ from: '${__from}', to: '${__to}' });
        expect(pane?.datasource).toBe('prometheus');
        expect(pane?.queries[0]?.expr).toMatch(/\$\{__field\.labels\.(job|peer_service)\}/);
      }
    }
  });

  it('evaluate the Explore links’ queries with the rest: each names the service clicked', () => {
    const linked = promqlExpressions().filter((q) => q.panel.endsWith('(Explore link)'));
    expect(linked.length).toBeGreaterThan(10);
    for (const query of linked) {
      expect(interpolatePromql(query.expr)).toMatch(/(job|peer_service)="order"/);
    }
  });
});
