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
  datasource?: unknown;
  targets?: Record<string, unknown>[];
}

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

  it('mark deployments on every dashboard, from the deployments_total order counts', () => {
    const annotations = promqlExpressions().filter((query) =>
      query.panel.startsWith('annotation '),
    );
    expect(annotations.map((query) => query.dashboardUid)).toEqual(
      dashboards.map((dashboard) => dashboard.uid),
    );
    for (const query of annotations) {
      expect(query).toMatchObject({
        panel: 'annotation Deployments',
        expr: 'increase(deployments_total{service="payment"}[1m]) > 0',
      });
    }
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
        expr: 'sum(rate(checkouts_total{outcome="paid",traffic="customer"}[5m])) * 60',
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
