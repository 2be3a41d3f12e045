import { relative } from 'node:path';
import { PROMETHEUS_CONFIG, REPO_ROOT, RULES_DIR, RULE_TESTS_DIR, yamlFilesIn } from './paths';
import { expectExitZero, promtool } from './promtool';

const repoPaths = (paths: string[]): string[] => paths.map((path) => relative(REPO_ROOT, path));

describe('promtool accepts infra/prometheus', () => {
  it('check config infra/prometheus/prometheus.yml', () => {
    expectExitZero(promtool(['check', 'config', relative(REPO_ROOT, PROMETHEUS_CONFIG)]));
  });

  it('check rules infra/prometheus/rules/*.yml', () => {
    const files = repoPaths(yamlFilesIn(RULES_DIR));
    expect(files.length).toBeGreaterThan(0);
    expectExitZero(promtool(['check', 'rules', ...files]));
  });

  it('test rules infra/prometheus/tests/*.yml (the unit tests of every alert)', () => {
    const files = repoPaths(yamlFilesIn(RULE_TESTS_DIR));
    expect(files.length).toBeGreaterThan(0);
    const result = promtool(['test', 'rules', ...files]);
    expectExitZero(result);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(files.length);
  });
});
