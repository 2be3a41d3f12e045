import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  NATIVE_PROMETHEUS_CONFIG,
  scrapeTargets,
  SUPERVISOR_PORT,
  testPrometheusConfig,
} from '@faultline/stack';
import { parse } from 'yaml';
import { PROMETHEUS_CONFIG, PROMETHEUS_DIR, REPO_ROOT } from './paths';
import { expectExitZero, promtool } from './promtool';

interface ConfigShape {
  scrape_configs: {
    job_name: string;
    static_configs: { targets: string[]; labels?: Record<string, string> }[];
    [key: string]: unknown;
  }[];
  [key: string]: unknown;
}

const STACK_URLS = {
  catalog: 'http://127.0.0.1:41001',
  inventory: 'http://127.0.0.1:41002',
  order: 'http://127.0.0.1:41003',
  payment: 'http://127.0.0.1:41004',
};

describe('infra/prometheus/native.yml (the backends-only Prometheus, scraping npm start)', () => {
  const read = (path: string) => parse(readFileSync(path, 'utf8')) as ConfigShape;

  it("is prometheus.yml with one job more, the supervisor, which payment's job asks for its canary", () => {
    expect(NATIVE_PROMETHEUS_CONFIG).toBe(join(PROMETHEUS_DIR, 'native.yml'));
    const source = read(PROMETHEUS_CONFIG);
    const canaryDiscovery = {
      http_sd_configs: [
        {
          url: `http://supervisor:${SUPERVISOR_PORT}/deployments/targets`,
          refresh_interval: '5s',
        },
      ],
      relabel_configs: [
        {
          source_labels: ['track', '__address__'],
          regex: 'canary;.+:(\\d+)',
          target_label: '__address__',
          replacement: 'payment:$1',
        },
      ],
    };
    expect(read(NATIVE_PROMETHEUS_CONFIG)).toEqual({
      ...source,
      scrape_configs: [
        ...source.scrape_configs.map((job) =>
          job.job_name === 'payment' ? { ...job, ...canaryDiscovery } : job,
        ),
        {
          job_name: 'supervisor',
          static_configs: [{ targets: [`supervisor:${SUPERVISOR_PORT}`] }],
        },
      ],
    });
  });

  it('passes promtool check config, rules included', () => {
    const result = promtool(['check', 'config', relative(REPO_ROOT, NATIVE_PROMETHEUS_CONFIG)]);
    expectExitZero(result);
    expect(result.output).toContain('SUCCESS: 2 rule files found');
  });

  it('is what testPrometheusConfig derives from for a supervised stack, supervisor included', () => {
    const derived = testPrometheusConfig({
      sourcePath: NATIVE_PROMETHEUS_CONFIG,
      targets: scrapeTargets(STACK_URLS, '127.0.0.1:49090', 'http://127.0.0.1:43009'),
      scrapeInterval: '1s',
      evaluationInterval: '1s',
    });
    const jobs = (parse(derived) as ConfigShape).scrape_configs;
    expect(jobs.find((job) => job.job_name === 'supervisor')?.static_configs).toEqual([
      { targets: ['127.0.0.1:43009'] },
    ]);
    // payment's canary: asked of this supervisor, scraped on payment's host at the canary's port.
    expect(jobs.find((job) => job.job_name === 'payment')).toMatchObject({
      static_configs: [{ targets: ['127.0.0.1:41004'], labels: { track: 'stable' } }],
      http_sd_configs: [{ url: 'http://127.0.0.1:43009/deployments/targets' }],
      relabel_configs: [{ replacement: '127.0.0.1:$1' }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'faultline-prometheus-native-'));
    try {
      writeFileSync(join(dir, 'prometheus.yml'), derived);
      expectExitZero(promtool(['check', 'config', join(dir, 'prometheus.yml')]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is the only one with that job: prometheus.yml refuses a supervisor target', () => {
    expect(() =>
      testPrometheusConfig({
        targets: scrapeTargets(STACK_URLS, '127.0.0.1:49090', 'http://127.0.0.1:43009'),
        scrapeInterval: '1s',
        evaluationInterval: '1s',
      }),
    ).toThrow('no scrape job named supervisor');
  });
});
