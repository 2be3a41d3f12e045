import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OPTIONAL_SCRAPE_JOBS,
  PROMETHEUS_CONFIG as STACK_PROMETHEUS_CONFIG,
  durationMs,
  scaleRuleDurations,
  scrapeTargets,
  testPrometheusConfig,
} from '@faultline/stack';
import { parse } from 'yaml';
import { PROMETHEUS_CONFIG, RULES_DIR, yamlFilesIn } from './paths';
import { expectExitZero, promtool } from './promtool';

const NATIVE_TARGETS = {
  catalog: '127.0.0.1:3001',
  inventory: '127.0.0.1:3002',
  order: '127.0.0.1:3003',
  payment: '127.0.0.1:3004',
  prometheus: '127.0.0.1:9090',
};

interface ConfigShape {
  global: Record<string, string>;
  rule_files: string[];
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}

const derive = (overrides: Partial<Parameters<typeof testPrometheusConfig>[0]> = {}) =>
  testPrometheusConfig({
    targets: NATIVE_TARGETS,
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    ...overrides,
  });

describe('testPrometheusConfig (the config the native end-to-end suite runs Prometheus with)', () => {
  const source = parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as ConfigShape;
  const derived = parse(derive()) as ConfigShape;

  it('derives from infra/prometheus/prometheus.yml', () => {
    expect(STACK_PROMETHEUS_CONFIG).toBe(PROMETHEUS_CONFIG);
    expect(derive().split('\n')[0]).toBe(
      `# Derived from ${PROMETHEUS_CONFIG} by testPrometheusConfig: do not edit.`,
    );
  });

  it('shortens the global intervals, and the scrape timeout to fit inside the scrape interval', () => {
    expect(derived.global).toEqual({
      scrape_interval: '1s',
      scrape_timeout: '1s',
      evaluation_interval: '1s',
    });
  });

  it('keeps a scrape timeout that already fits', () => {
    const global = parse(derive({ scrapeInterval: '12s', evaluationInterval: '5s' })).global;
    expect(global).toEqual({
      scrape_interval: '12s',
      scrape_timeout: '10s',
      evaluation_interval: '5s',
    });
  });

  it('points every scrape job at the given host:port', () => {
    const targets = Object.fromEntries(
      derived.scrape_configs.map((job) => [job.job_name, job.static_configs[0]!.targets]),
    );
    expect(targets).toEqual({
      catalog: ['127.0.0.1:3001'],
      inventory: ['127.0.0.1:3002'],
      order: ['127.0.0.1:3003'],
      payment: ['127.0.0.1:3004'],
      prometheus: ['127.0.0.1:9090'],
    });
  });

  it('loads the very rule files of infra/prometheus/rules, by absolute path', () => {
    expect(derived.rule_files).toEqual([join(RULES_DIR, '*.yml')]);
  });

  it('changes nothing else, but leaves out what a native run was not given (exporters, Alertmanager, canary discovery)', () => {
    // Without targets for them, the optional jobs (watcher, alertmanager, blackbox, postgres), the
    // alerting section and payment's canary discovery are left out rather than kept pointing at
    // nothing.
    const withoutAlerting: Record<string, unknown> = { ...source };
    delete withoutAlerting['alerting'];
    const kept = source.scrape_configs
      .filter((job) => !OPTIONAL_SCRAPE_JOBS.includes(job.job_name))
      .map((job) => {
        const withoutDiscovery: Record<string, unknown> = { ...job };
        delete withoutDiscovery['http_sd_configs'];
        return withoutDiscovery as typeof job;
      });
    const undo = structuredClone(derived);
    undo.global = source.global;
    undo.rule_files = source.rule_files;
    undo.scrape_configs.forEach((job, i) => {
      job.static_configs = kept[i]!.static_configs;
    });
    expect(undo).toEqual({ ...withoutAlerting, scrape_configs: kept });
  });

  it("points payment's canary discovery at what lists the canary, when given one", () => {
    const discovering = (config: string) =>
      (
        parse(config) as {
          scrape_configs: { job_name: string; http_sd_configs?: { url: string }[] }[];
        }
      ).scrape_configs.filter((job) => job.http_sd_configs !== undefined);
    expect(discovering(derive())).toEqual([]);
    const payment = discovering(derive({ deployments: '127.0.0.1:43009' }));
    expect(payment.map((job) => job.job_name)).toEqual(['payment']);
    expect(payment[0]?.http_sd_configs).toEqual([
      expect.objectContaining({ url: 'http://127.0.0.1:43009/deployments/targets' }),
    ]);
  });

  it('is a valid config that promtool loads, rules included, from anywhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-test-config-'));
    try {
      const path = join(dir, 'prometheus.yml');
      writeFileSync(path, derive());
      const result = promtool(['check', 'config', path]);
      expectExitZero(result);
      expect(result.output).toContain(`SUCCESS: ${yamlFilesIn(RULES_DIR).length} rule files found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to leave a scrape job without a target', () => {
    const withoutPayment = Object.fromEntries(
      Object.entries(NATIVE_TARGETS).filter(([job]) => job !== 'payment'),
    );
    expect(() => derive({ targets: withoutPayment })).toThrow(
      'no target given for scrape job "payment"',
    );
  });

  it('refuses a target for a job prometheus.yml does not have', () => {
    expect(() => derive({ targets: { ...NATIVE_TARGETS, shipping: '127.0.0.1:3005' } })).toThrow(
      'no scrape job named shipping',
    );
  });

  it('refuses a target that is not host:port', () => {
    expect(() =>
      derive({ targets: { ...NATIVE_TARGETS, order: 'http://127.0.0.1:3003/metrics' } }),
    ).toThrow('target "http://127.0.0.1:3003/metrics" for job "order" is not host:port');
  });

  it('refuses intervals that are not durations or would lengthen production ones', () => {
    expect(() => derive({ scrapeInterval: 'fast' })).toThrow('"fast" is not a duration');
    expect(() => derive({ evaluationInterval: '1m' })).toThrow(
      'evaluationInterval 1m is longer than the production 15s',
    );
  });
});

describe('testPrometheusConfig with timeScale (rules running faster for the scenario suite)', () => {
  interface Rule {
    alert?: string;
    record?: string;
    expr: string;
    for?: string;
    keep_firing_for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }
  const rulesOf = (text: string): Rule[] =>
    (parse(text) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-scaled-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every rule file, durations divided by the factor, and loads those', () => {
    const config = parse(derive({ timeScale: { factor: 10, rulesDir: dir } })) as ConfigShape;
    const originals = yamlFilesIn(RULES_DIR);
    expect(config.rule_files).toHaveLength(originals.length);
    for (const file of config.rule_files) expect(file.startsWith(dir)).toBe(true);
    const scaledAlerts = config.rule_files.flatMap((f) => rulesOf(readFileSync(f, 'utf8')));
    const byName = new Map(scaledAlerts.map((r) => [r.alert ?? r.record, r]));
    expect(byName.get('RetryQueueBacklog')?.for).toBe('30s');
    expect(byName.get('PaymentSuccessRatioLow')?.expr).toContain('[6s]');
    expect(byName.get('PaymentSuccessRatioLow')?.expr).not.toContain('[1m]');
    expect(byName.get('job:checkout_requests:rate1h')?.expr).toContain('[360s]');
  });

  it('changes nothing but durations: names, thresholds, labels and annotations stay', () => {
    const original = originalsRules();
    const scaledText = yamlFilesIn(RULES_DIR)
      .map((f) => scaleRuleDurations(readFileSync(f, 'utf8'), 4))
      .join('\n---\n');
    const scaledRules = scaledText.split('\n---\n').flatMap(rulesOf);
    expect(scaledRules).toHaveLength(original.length);
    scaledRules.forEach((rule, i) => {
      const before = original[i]!;
      expect({ ...rule, expr: undefined, for: undefined, keep_firing_for: undefined }).toEqual({
        ...before,
        expr: undefined,
        for: undefined,
        keep_firing_for: undefined,
      });
      if (before.keep_firing_for !== undefined) {
        expect(durationMs(rule.keep_firing_for ?? '')).toBe(durationMs(before.keep_firing_for) / 4);
      }
      const unrange = (e: string) => e.replace(/\[[^\]]+\]/g, '[]');
      expect(unrange(rule.expr)).toBe(unrange(before.expr));
    });
  });

  it('gives rule files promtool accepts', () => {
    const path = join(dir, 'prometheus.yml');
    writeFileSync(path, derive({ timeScale: { factor: 10, rulesDir: dir } }));
    const result = promtool(['check', 'config', path]);
    expectExitZero(result);
  });

  it('scales subquery steps and every duration unit, and refuses to slow rules down', () => {
    const text = scaleRuleDurations(
      'groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: A\n        expr: max_over_time(rate(x[1d])[2h:1m]) > 1\n        for: 90s\n',
      2,
    );
    expect(parse(text)).toEqual({
      groups: [
        {
          name: 'g',
          interval: '30s',
          rules: [
            { alert: 'A', expr: 'max_over_time(rate(x[43200s])[3600s:30s]) > 1', for: '45s' },
          ],
        },
      ],
    });
    expect(() => scaleRuleDurations('groups: []', 0.5)).toThrow('must be 1 or more');
    const one = (expr: string, factor: number, minRangeMs = 0) =>
      (
        parse(
          scaleRuleDurations(
            `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: ${expr}\n`,
            factor,
            minRangeMs,
          ),
        ) as { groups: { rules: { expr: string }[] }[] }
      ).groups[0]?.rules[0]?.expr;
    expect(one('max_over_time(x[30m:])', 10)).toBe('max_over_time(x[180s:])');
    expect(one('rate(x[1500ms])', 1)).toBe('rate(x[1500ms])');
    expect(() => one('rate(x[5m] offset 1h)', 10)).toThrow('offset or @');
    expect(() => one('rate(x[1m])', 60, 2000)).toThrow('too few samples for rate()');
  });

  const originalsRules = (): Rule[] =>
    yamlFilesIn(RULES_DIR).flatMap((f) => rulesOf(readFileSync(f, 'utf8')));
});

describe('scrapeTargets', () => {
  it("gives every job of prometheus.yml a host:port from a stack's URLs", () => {
    const targets = scrapeTargets(
      {
        catalog: 'http://127.0.0.1:41001',
        inventory: 'http://127.0.0.1:41002',
        order: 'http://127.0.0.1:41003',
        payment: 'http://127.0.0.1:41004',
      },
      '127.0.0.1:9999',
    );
    expect(targets).toEqual({
      catalog: '127.0.0.1:41001',
      inventory: '127.0.0.1:41002',
      order: '127.0.0.1:41003',
      payment: '127.0.0.1:41004',
      prometheus: '127.0.0.1:9999',
    });
    expect(() => derive({ targets })).not.toThrow();
  });
});

describe('durationMs', () => {
  it('reads the duration units these configs use', () => {
    expect(durationMs('15s')).toBe(15_000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('2h')).toBe(7_200_000);
    expect(durationMs('3d')).toBe(259_200_000);
    expect(durationMs('1w')).toBe(604_800_000);
    expect(durationMs('500ms')).toBe(500);
    expect(() => durationMs('')).toThrow('is not a duration');
  });
});
