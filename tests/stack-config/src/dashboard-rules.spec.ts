import {
  RECORDED_CHECKOUT_WINDOWS,
  checkoutErrorsRate,
  checkoutRequestsRate,
  promqlExpressions,
} from '@faultline/dashboards';
import { loadCompose, prometheusFolder } from './compose-model';
import { filesUnder, readYaml } from './repo';

interface RuleFile {
  groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
}

const folder = prometheusFolder(loadCompose());
const recorded = new Map<string, string>();
for (const file of filesUnder(`${folder}/rules`).filter((path) => /\.ya?ml$/.test(path))) {
  for (const group of readYaml<RuleFile>(file).groups) {
    for (const rule of group.rules) if (rule.record) recorded.set(rule.record, rule.expr);
  }
}
const compact = (expr: string): string => expr.replace(/\s+/g, '');

describe('the dashboards and the Prometheus recording rules', () => {
  it('use only recorded series the rules define', () => {
    const names = new Set(
      promqlExpressions().flatMap(
        (query) => query.expr.match(/\b[a-z_]+:[a-z_0-9]+:[a-z_0-9]+\b/g) ?? [],
      ),
    );
    expect(names.size).toBeGreaterThan(0);
    for (const name of names)
      expect({ name, recorded: recorded.has(name) }).toEqual({ name, recorded: true });
  });

  it.each(RECORDED_CHECKOUT_WINDOWS)(
    'define a bad checkout as the SLO rules do (%s), so the 30-day panels agree with the alerts',
    (window) => {
      expect(compact(checkoutRequestsRate(window))).toBe(
        compact(recorded.get(`job:checkout_requests:rate${window}`) ?? ''),
      );
      expect(compact(checkoutErrorsRate(window))).toBe(
        compact(recorded.get(`job:checkout_errors:rate${window}`) ?? ''),
      );
    },
  );
});
