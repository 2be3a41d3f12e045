import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { RULES_DIR, RULE_TESTS_DIR, yamlFilesIn } from './paths';

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface RuleGroup {
  /** The rule file the group is in, e.g. alerts.yml. */
  file: string;
  name: string;
  rules: (AlertingRule | RecordingRule)[];
}

export interface AlertTestCase {
  alertname: string;
  eval_time: string;
  exp_alerts?: unknown[];
}

export interface RuleTestGroup {
  /** The promtool test file the group is in. */
  file: string;
  name?: string;
  alert_rule_test?: AlertTestCase[];
  promql_expr_test?: { expr: string; eval_time: string }[];
}

export interface RuleTestFile {
  file: string;
  rule_files: string[];
  group_eval_order?: string[];
  tests: RuleTestGroup[];
}

const readYamlFile = (path: string): unknown => parse(readFileSync(path, 'utf8'));

function fail(path: string, problem: string): never {
  throw new Error(`${path}: ${problem}`);
}

/** Every rule group of infra/prometheus/rules/*.yml, in file order. */
export function loadRuleGroups(dir = RULES_DIR): RuleGroup[] {
  return yamlFilesIn(dir).flatMap((path) => {
    const content = readYamlFile(path) as { groups?: Omit<RuleGroup, 'file'>[] } | null;
    if (!content?.groups) fail(path, 'has no groups');
    return content.groups.map((group) => ({ ...group, file: basename(path) }));
  });
}

export const isAlertingRule = (rule: AlertingRule | RecordingRule): rule is AlertingRule =>
  'alert' in rule;

export const alertingRules = (groups = loadRuleGroups()): AlertingRule[] =>
  groups.flatMap((group) => group.rules.filter(isAlertingRule));

export const recordingRules = (groups = loadRuleGroups()): RecordingRule[] =>
  groups.flatMap((group) =>
    group.rules.filter((rule): rule is RecordingRule => !isAlertingRule(rule)),
  );

/** Every promtool unit-test file of infra/prometheus/tests/*.yml. */
export function loadRuleTestFiles(dir = RULE_TESTS_DIR): RuleTestFile[] {
  return yamlFilesIn(dir).map((path) => {
    const content = readYamlFile(path) as Omit<RuleTestFile, 'file'> | null;
    if (!content?.tests) fail(path, 'has no tests');
    const file = basename(path);
    return { ...content, file, tests: content.tests.map((test) => ({ ...test, file })) };
  });
}
