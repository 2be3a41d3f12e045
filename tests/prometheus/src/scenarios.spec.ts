import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SCENARIOS_DIR } from './paths';
import { alertingRules } from './rules';
import { runbookPath } from './runbooks';

interface ScenarioFile {
  name: string;
  expected: { alerts: string[] };
}

const scenarios = readdirSync(SCENARIOS_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => parse(readFileSync(join(SCENARIOS_DIR, file), 'utf8')) as ScenarioFile);
const alertNames = new Set(alertingRules().map((rule) => rule.alert));

describe('the alerts each scenario expects (scenarios/*.yaml, expected.alerts)', () => {
  it('are read from every scenario', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(9);
  });

  describe.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    (name, scenario) => {
      it('expects at least one alert: no scenario is silent', () => {
        expect(scenario.expected.alerts.length).toBeGreaterThan(0);
      });

      it('expects only alerts of infra/prometheus/rules, never Watchdog (it always fires)', () => {
        const unknown = scenario.expected.alerts.filter(
          (alert) => !alertNames.has(alert) || alert === 'Watchdog',
        );
        expect(unknown).toEqual([]);
      });

      it('is named in the runbook of each alert it expects, as the scenario that shows it', () => {
        const unnamed = scenario.expected.alerts.filter(
          (alert) =>
            existsSync(runbookPath(alert)) &&
            !readFileSync(runbookPath(alert), 'utf8').includes(`\`${name}\``),
        );
        expect(unnamed).toEqual([]);
      });
    },
  );
});
