/**
 * testPrometheusConfig's notification layer: the alerting section, the optional jobs (watcher,
 * alertmanager) and the exporters' jobs (blackbox, postgres). The core behaviour (intervals,
 * targets, rule files, timeScale) is proven by tests/prometheus against promtool.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  NATIVE_PROMETHEUS_CONFIG,
  OPTIONAL_SCRAPE_JOBS,
  PROMETHEUS_CONFIG,
  scrapeTargets,
  testPrometheusConfig,
} from './prometheus-config';
import type { TestPrometheusConfigOptions } from './prometheus-config';

interface Job {
  job_name: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
  relabel_configs?: Record<string, unknown>[];
  metric_relabel_configs?: { source_labels?: string[]; regex?: string; action?: string }[];
  [key: string]: unknown;
}
interface Config {
  alerting?: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: Job[];
  [key: string]: unknown;
}

const CORE = {
  catalog: '127.0.0.1:41001',
  inventory: '127.0.0.1:41002',
  order: '127.0.0.1:41003',
  payment: '127.0.0.1:41004',
  prometheus: '127.0.0.1:49090',
};
const derive = (options: Partial<TestPrometheusConfigOptions> = {}): Config =>
  parse(
    testPrometheusConfig({
      targets: CORE,
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      ...options,
    }),
  ) as Config;
const source = parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as Config;
const job = (config: Config, name: string): Job | undefined =>
  config.scrape_configs.find((j) => j.job_name === name);
const FULL: Partial<TestPrometheusConfigOptions> = {
  targets: {
    ...CORE,
    watcher: '127.0.0.1:41005',
    gateway: '127.0.0.1:48080',
    alertmanager: '127.0.0.1:49093',
  },
  alertmanagers: ['127.0.0.1:49093'],
  blackbox: {
    exporter: '127.0.0.1:49115',
    targets: {
      catalog: 'http://127.0.0.1:41001',
      inventory: 'http://127.0.0.1:41002',
      order: 'http://127.0.0.1:41003',
      payment: 'http://127.0.0.1:41004',
      watcher: 'http://127.0.0.1:41005',
      gateway: 'http://127.0.0.1:48080',
    },
  },
  postgres: { exporter: '127.0.0.1:49187', databasePrefix: 'e2e_1a2b_' },
};

describe('prometheus.yml’s notification layer', () => {
  it('sends alerts to Alertmanager and scrapes the watcher, the gateway, Alertmanager and both exporters', () => {
    expect(source.alerting?.alertmanagers).toEqual([
      { static_configs: [{ targets: ['alertmanager:9093'] }] },
    ]);
    for (const name of OPTIONAL_SCRAPE_JOBS) expect(job(source, name)).toBeDefined();
    expect(
      job(source, 'blackbox')?.static_configs.map((g) => g.labels?.['target_service']),
    ).toEqual(['catalog', 'inventory', 'order', 'payment', 'watcher', 'gateway']);
  });
});

describe('testPrometheusConfig with the notification layer', () => {
  it('leaves out the optional jobs and the alerting section it is not given (a plain stack)', () => {
    const derived = derive();
    expect(derived.scrape_configs.map((j) => j.job_name)).toEqual(Object.keys(CORE));
    expect(derived).not.toHaveProperty('alerting');
  });

  it('points alerting at the given Alertmanagers', () => {
    expect(derive({ alertmanagers: ['127.0.0.1:49093', '127.0.0.1:49094'] }).alerting).toEqual({
      alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:49093', '127.0.0.1:49094'] }] }],
    });
    expect(() => derive({ alertmanagers: ['http://127.0.0.1:49093'] })).toThrow('not host:port');
    expect(() => derive({ alertmanagers: [] })).toThrow('leave it out instead');
  });

  it('keeps the watcher and Alertmanager jobs when given a target, like any job', () => {
    const derived = derive({ targets: { ...CORE, watcher: '127.0.0.1:41005' } });
    expect(job(derived, 'watcher')?.static_configs).toEqual([{ targets: ['127.0.0.1:41005'] }]);
    expect(job(derived, 'alertmanager')).toBeUndefined();
  });

  it('probes the given services through the given blackbox exporter, paths and labels kept', () => {
    const blackbox = job(
      derive({
        blackbox: {
          exporter: '127.0.0.1:49115',
          targets: { payment: 'http://127.0.0.1:41004', catalog: 'http://127.0.0.1:41001/' },
        },
      }),
      'blackbox',
    )!;
    expect(blackbox.static_configs).toEqual([
      { targets: ['http://127.0.0.1:41001/health/ready'], labels: { target_service: 'catalog' } },
      { targets: ['http://127.0.0.1:41004/health/ready'], labels: { target_service: 'payment' } },
    ]);
    const original = job(source, 'blackbox')!;
    expect(blackbox.relabel_configs).toEqual(
      original.relabel_configs?.map((rule) =>
        rule['target_label'] === '__address__' ? { ...rule, replacement: '127.0.0.1:49115' } : rule,
      ),
    );
    expect({ ...blackbox, static_configs: [], relabel_configs: [] }).toEqual({
      ...original,
      static_configs: [],
      relabel_configs: [],
    });
  });

  it('refuses blackbox probes or exporters it cannot place', () => {
    const exporter = '127.0.0.1:49115';
    expect(() =>
      derive({ blackbox: { exporter, targets: { shipping: 'http://127.0.0.1:1' } } }),
    ).toThrow('probes no target_service shipping');
    expect(() => derive({ blackbox: { exporter, targets: {} } })).toThrow('leave the blackbox');
    expect(() =>
      derive({ blackbox: { exporter: 'blackbox', targets: { catalog: 'http://127.0.0.1:1' } } }),
    ).toThrow('not host:port');
    expect(() => derive({ targets: { ...CORE, blackbox: exporter } })).toThrow(
      'give the blackbox job through the option',
    );
    expect(() => derive({ targets: { ...CORE, postgres: '127.0.0.1:1' } })).toThrow(
      'give the postgres job through the option',
    );
  });

  it('scrapes the postgres exporter keeping only the stack’s databases, without their prefix', () => {
    const postgres = job(
      derive({ postgres: { exporter: '127.0.0.1:49187', databasePrefix: 'e2e.1_' } }),
      'postgres',
    )!;
    expect(postgres.static_configs).toEqual([{ targets: ['127.0.0.1:49187'] }]);
    expect(postgres.metric_relabel_configs).toEqual([
      {
        source_labels: ['datname'],
        regex: '(e2e\\.1_(?:catalog|inventory|orders|payments))?',
        action: 'keep',
      },
      {
        source_labels: ['datname'],
        regex: 'e2e\\.1_(.+)',
        target_label: 'datname',
        replacement: '$1',
      },
    ]);
    // Without a prefix (a stack alone on its cluster) there is nothing to strip.
    expect(
      job(derive({ postgres: { exporter: '127.0.0.1:49187' } }), 'postgres')
        ?.metric_relabel_configs,
    ).toEqual([
      {
        source_labels: ['datname'],
        regex: '((?:catalog|inventory|orders|payments))?',
        action: 'keep',
      },
    ]);
  });

  it('gives a config promtool accepts with every part in it, from prometheus.yml and native.yml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-notify-'));
    try {
      for (const [name, sourcePath, extra] of [
        ['prometheus.yml', PROMETHEUS_CONFIG, {}],
        ['native.yml', NATIVE_PROMETHEUS_CONFIG, { supervisor: '127.0.0.1:43009' }],
      ] as const) {
        const file = join(dir, name);
        writeFileSync(
          file,
          testPrometheusConfig({
            ...(FULL as TestPrometheusConfigOptions),
            targets: { ...FULL.targets, ...extra },
            sourcePath,
            scrapeInterval: '1s',
            evaluationInterval: '1s',
          }),
        );
        const result = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
        expect(`${result.stdout}${result.stderr}`).toContain('is valid prometheus config file');
        expect(result.status).toBe(0);
        // Every job of the source is there: nothing was left out when everything was given.
        const derived = parse(readFileSync(file, 'utf8')) as Config;
        const all = parse(readFileSync(sourcePath, 'utf8')) as Config;
        expect(derived.scrape_configs.map((j) => j.job_name)).toEqual(
          all.scrape_configs.map((j) => j.job_name),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the canary discovery of the payment job', () => {
  const payment = (options: Partial<TestPrometheusConfigOptions>, sourcePath: string) =>
    job(
      parse(
        testPrometheusConfig({
          scrapeInterval: '1s',
          evaluationInterval: '1s',
          sourcePath,
          ...options,
          targets: options.targets ?? CORE,
        }),
      ) as Config,
      'payment',
    ) as Record<string, unknown> | undefined;

  it('asks the given deployment API (the supervisor, or compose’s slot) for the canary', () => {
    expect(
      payment({ deployments: '127.0.0.1:43009' }, PROMETHEUS_CONFIG)?.['http_sd_configs'],
    ).toEqual([{ url: 'http://127.0.0.1:43009/deployments/targets', refresh_interval: '5s' }]);
    expect(
      payment({ targets: { ...CORE, supervisor: '127.0.0.1:43010' } }, NATIVE_PROMETHEUS_CONFIG)?.[
        'http_sd_configs'
      ],
    ).toEqual([{ url: 'http://127.0.0.1:43010/deployments/targets', refresh_interval: '5s' }]);
  });

  it('keeps only the stable target where nothing can run a canary', () => {
    const job = payment({}, PROMETHEUS_CONFIG);
    expect(job?.['http_sd_configs']).toBeUndefined();
    expect(job?.['static_configs']).toEqual([
      { targets: [CORE['payment']], labels: { track: 'stable' } },
    ]);
  });
});

describe('scrapeTargets', () => {
  it('names every service of the stack’s URLs after its job, the watcher too', () => {
    expect(
      scrapeTargets(
        {
          catalog: 'http://127.0.0.1:41001',
          inventory: 'http://127.0.0.1:41002',
          order: 'http://127.0.0.1:41003',
          payment: 'http://127.0.0.1:41004',
          watcher: 'http://127.0.0.1:41005',
        },
        '127.0.0.1:49090',
      ),
    ).toEqual({ ...CORE, watcher: '127.0.0.1:41005' });
  });
});
