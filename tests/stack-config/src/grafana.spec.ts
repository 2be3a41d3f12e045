import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DASHBOARDS,
  dashboardQueries,
  logqlErrors,
  promqlExpressions,
  renderDashboards,
  traceqlErrors,
} from '@faultline/dashboards';
import { stringify } from 'yaml';
import { bindMounts, loadCompose } from './compose-model';
import type { ComposeFile } from './compose-model';
import { promtool } from './promtool';
import { asSent } from './query-languages';
import { readYaml, repoPath } from './repo';
import { dashboardPromql, provisionedPromql } from './shipped-promql';

interface Datasource {
  name: string;
  type: string;
  uid: string;
  jsonData?: Record<string, unknown>;
}
const { datasources } = readYaml<{ datasources: Datasource[] }>(
  'infra/grafana/provisioning/datasources/datasources.yaml',
);
const byUid = new Map(datasources.map((source) => [source.uid, source]));
const jsonData = (uid: string): Record<string, any> => byUid.get(uid)?.jsonData ?? {};

describe('Grafana data sources', () => {
  it('are provisioned with the fixed UIDs dashboards and docs use', () => {
    expect(datasources.map(({ uid, type }) => ({ uid, type }))).toEqual([
      { uid: 'prometheus', type: 'prometheus' },
      { uid: 'tempo', type: 'tempo' },
      { uid: 'loki', type: 'loki' },
      { uid: 'pyroscope', type: 'grafana-pyroscope-datasource' },
      { uid: 'alertmanager', type: 'alertmanager' },
    ]);
  });

  it('show the stack’s Alertmanager in Grafana’s Alerting pages, read-only for Grafana’s own rules', () => {
    expect(jsonData('alertmanager')).toEqual({
      implementation: 'prometheus',
      handleGrafanaManagedAlerts: false,
    });
  });

  it('link Prometheus exemplars to Tempo under both exemplar label keys', () => {
    expect(jsonData('prometheus')['exemplarTraceIdDestinations']).toEqual([
      expect.objectContaining({ name: 'trace_id', datasourceUid: 'tempo' }),
      expect.objectContaining({ name: 'traceID', datasourceUid: 'tempo' }),
    ]);
  });

  it('link Loki lines to Tempo through the trace_id structured metadata', () => {
    expect(jsonData('loki')['derivedFields']).toEqual([
      expect.objectContaining({
        matcherType: 'label',
        matcherRegex: 'trace_id',
        datasourceUid: 'tempo',
        url: '$${__value.raw}',
      }),
    ]);
  });

  it('link Tempo spans to logs, metrics, profiles and the service map', () => {
    const tempo = jsonData('tempo');
    expect(tempo['tracesToLogsV2']).toMatchObject({
      datasourceUid: 'loki',
      tags: [{ key: 'service.name', value: 'service_name' }],
      customQuery: true,
      query: expect.stringContaining('trace_id="$${__trace.traceId}"'),
    });
    expect(tempo['tracesToMetrics']).toMatchObject({
      datasourceUid: 'prometheus',
      tags: [{ key: 'service.name', value: 'job' }],
    });
    expect(tempo['tracesToProfiles']).toMatchObject({
      datasourceUid: 'pyroscope',
      tags: [{ key: 'service.name', value: 'service_name' }],
    });
    expect(tempo['serviceMap']).toEqual({ datasourceUid: 'prometheus' });
    expect(tempo['nodeGraph']).toEqual({ enabled: true });
  });

  it('point every correlation at a provisioned data source', () => {
    const referenced = JSON.stringify(datasources).match(/"datasourceUid":"[^"]+"/g) ?? [];
    expect(referenced.length).toBe(7);
    for (const reference of referenced) {
      expect(byUid.has(reference.split(':')[1]!.replaceAll('"', ''))).toBe(true);
    }
  });
});

describe('Grafana dashboards', () => {
  const compose = loadCompose();
  const grafanaMounts = (file: ComposeFile) =>
    new Map(
      bindMounts(file)
        .filter((mount) => mount.service === 'grafana')
        .map((mount) => [mount.container, mount.host] as const),
    );
  const base = grafanaMounts(compose);
  const instructor = grafanaMounts(readYaml<ComposeFile>('infra/compose/instructor.yaml'));
  interface Provider {
    folder: string;
    folderUid: string;
    options: { path: string };
  }
  const { providers } = readYaml<{ providers: Provider[] }>(
    'infra/grafana/provisioning/dashboards/dashboards.yaml',
  );
  const committedJson = (dir: string) =>
    readdirSync(repoPath(dir))
      .filter((file) => file.endsWith('.json'))
      .sort();
  const generated = (folder: string) =>
    DASHBOARDS.filter((entry) => entry.folder === folder)
      .map((entry) => entry.file)
      .sort();

  it('are loaded into a Faultline and an Instructor folder', () => {
    expect(providers.map(({ folder, options }) => ({ folder, path: options.path }))).toEqual([
      { folder: 'Faultline', path: '/etc/grafana/dashboards/faultline' },
      { folder: 'Instructor', path: '/etc/grafana/dashboards/instructor' },
    ]);
    expect(base.get('/etc/grafana/dashboards/faultline')).toBe(
      'infra/grafana/dashboards/faultline',
    );
    expect(committedJson('infra/grafana/dashboards/faultline')).toEqual(generated('faultline'));
  });

  it('give attendees’ stacks no Instructor dashboard: only the host’s override mounts it', () => {
    // The base file mounts a folder with no dashboard where the Instructor provider looks…
    const attendees = base.get('/etc/grafana/dashboards/instructor');
    expect(attendees).toBe('infra/grafana/no-dashboards');
    expect(committedJson(attendees!)).toEqual([]);
    expect(base.has('/etc/grafana/dashboards')).toBe(false);
    // …which infra/compose/instructor.yaml replaces (compose merges volumes by container path).
    const host = instructor.get('/etc/grafana/dashboards/instructor');
    expect(host).toBe('infra/grafana/dashboards/instructor');
    expect(committedJson(host!)).toEqual(generated('instructor'));
    expect([...instructor.keys()]).toEqual(['/etc/grafana/dashboards/instructor']);
  });

  it('keep the fault metric and the Instructor dashboard out of every attendee dashboard and dropdown', () => {
    const attendees = renderDashboards().filter((r) => !r.path.startsWith('instructor/'));
    expect(attendees.length).toBe(generated('faultline').length);
    for (const rendered of attendees) {
      // No panel query, no template variable (a dropdown), no link or text names them.
      const giveaways = rendered.content.match(
        /faultline_fault\w*|faultline-instructor|instructor/gi,
      );
      expect({ dashboard: rendered.path, giveaways }).toEqual({
        dashboard: rendered.path,
        giveaways: null,
      });
    }
  });

  it('use only provisioned data sources, by UID and type', () => {
    const used = new Map<string, string>();
    for (const rendered of renderDashboards()) {
      for (const match of rendered.content.matchAll(
        /"datasource": \{\s*"type": "([^"]+)",\s*"uid": "([^"]+)"/g,
      )) {
        used.set(match[2]!, match[1]!);
      }
    }
    expect([...used.keys()].sort()).toEqual(['loki', 'prometheus', 'pyroscope', 'tempo']);
    for (const [uid, type] of used) expect(byUid.get(uid)?.type).toBe(type);
  });

  it('have fixed unique UIDs and unique panel titles within each dashboard', () => {
    const uids = renderDashboards().map((rendered) => {
      const dashboard = JSON.parse(rendered.content) as {
        uid: string;
        panels: { title: string; type: string }[];
      };
      const titles = dashboard.panels.filter((p) => p.type !== 'row').map((p) => p.title);
      expect(new Set(titles).size).toBe(titles.length);
      return dashboard.uid;
    });
    expect(new Set(uids).size).toBe(uids.length);
  });
});

describe('every query string the stack ships', () => {
  const tempo = jsonData('tempo');
  const provisionedLogql = [(tempo['tracesToLogsV2'] as { query: string }).query];
  const queries = dashboardQueries();
  const logql = [
    ...provisionedLogql,
    ...queries.filter((q) => q.language === 'logql').map((q) => q.expr),
  ];
  const traceql = queries.filter((q) => q.language === 'traceql').map((q) => q.expr);

  it('finds LogQL, TraceQL and PromQL to check', () => {
    expect(logql.length).toBeGreaterThanOrEqual(2);
    expect(traceql.length).toBeGreaterThanOrEqual(1);
    expect(promqlExpressions().length).toBeGreaterThan(40);
  });

  it.each(logql)('LogQL parses: %s', (query) => {
    expect(logqlErrors(asSent(query))).toEqual([]);
  });

  it.each(traceql)('TraceQL parses: %s', (query) => {
    expect(traceqlErrors(asSent(query))).toEqual([]);
  });

  it('the parsers reject broken queries (the checks have teeth)', () => {
    expect(logqlErrors('{service_name="order" | trace_id=')).not.toEqual([]);
    expect(traceqlErrors('{ resource.service.name = && }')).not.toEqual([]);
  });

  it('every PromQL expression of the dashboards and trace-to-metrics links passes promtool', () => {
    // The same lists promql3.spec.ts parses with Prometheus 3.14's grammar.
    const expressions = [...dashboardPromql(), ...provisionedPromql()];
    for (const expr of expressions) expect(expr).not.toMatch(/\$/);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-promql-'));
    try {
      const file = join(dir, 'dashboard-expressions.yml');
      const rules = expressions.map((expr, index) => ({ record: `dashboard:expr_${index}`, expr }));
      writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
      const result = promtool(['check', 'rules', file]);
      expect(result.output).toContain(`SUCCESS: ${expressions.length} rules found`);
      expect(result.status).toBe(0);

      const broken = join(dir, 'broken.yml');
      writeFileSync(
        broken,
        stringify({
          groups: [{ name: 'x', rules: [{ record: 'x:y', expr: 'sum(rate(up[5m])' }] }],
        }),
      );
      expect(promtool(['check', 'rules', broken]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
