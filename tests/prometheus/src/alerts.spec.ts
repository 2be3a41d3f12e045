import { existsSync } from 'node:fs';
import { KNOWN_METRICS, selectedMetrics } from './known-metrics';
import { alertingRules, loadRuleGroups, loadRuleTestFiles, recordingRules } from './rules';
import { runbookPath, runbookUrl } from './runbooks';

const groups = loadRuleGroups();
const alerts = alertingRules(groups);
const records = recordingRules(groups);
const testFiles = loadRuleTestFiles();
const testGroups = testFiles.flatMap((file) => file.tests);
const alertCases = testGroups.flatMap((group) =>
  (group.alert_rule_test ?? []).map((test) => ({ ...test, group })),
);

/** The notification tiers Alertmanager routes on: wake someone, next working day, Watchdog only. */
const SEVERITIES = ['page', 'ticket', 'none'];

describe('the alert rules', () => {
  it('are the alerts the design promises, each defined once', () => {
    expect(alerts.map((rule) => rule.alert)).toEqual([
      'CheckoutErrorBudgetBurnFast',
      'CheckoutErrorBudgetBurnSlow',
      'PaymentSuccessRatioLow',
      'CheckoutLatencyHigh',
      'CircuitBreakerOpen',
      'ServiceDown',
      'DownstreamErrorRatioHigh',
      'CardGatewayLatencyHigh',
      'CanaryLatencyRegression',
      'RetryQueueBacklog',
      'RetryWorkerHeartbeatMissing',
      'CheckoutTrafficStopped',
      'PaymentDeclineRatioHigh',
      'CardBrandDeclineRatioHigh',
      'PaymentsUnreconciled',
      'ReconciliationStalled',
      'ServiceRestarted',
      'ProcessMemoryNearLimit',
      'EventLoopLagHigh',
      'DatabaseLockWaits',
      'EndpointProbeFailed',
      'SyntheticCheckoutFailing',
      'Watchdog',
    ]);
  });

  it('page on the SLO burn and ticket on the slow one, the SRE workbook tiers; only Watchdog is none', () => {
    const severity = (name: string) =>
      alerts.find((rule) => rule.alert === name)?.labels?.['severity'];
    expect(severity('CheckoutErrorBudgetBurnFast')).toBe('page');
    expect(severity('CheckoutErrorBudgetBurnSlow')).toBe('ticket');
    expect(
      alerts.filter((rule) => rule.labels?.['severity'] === 'none').map((rule) => rule.alert),
    ).toEqual(['Watchdog']);
  });

  describe.each(alerts.map((rule) => [rule.alert, rule] as const))('%s', (alert, rule) => {
    it('has a severity label and summary, description and runbook_url annotations', () => {
      expect(SEVERITIES).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary']?.trim()).toBeTruthy();
      expect(rule.annotations?.['description']?.trim()).toBeTruthy();
      expect(rule.annotations?.['runbook_url']).toBe(runbookUrl(alert));
    });

    it('has its runbook page in docs/runbooks', () => {
      expect({ alert, runbook: existsSync(runbookPath(alert)) }).toEqual({ alert, runbook: true });
    });

    it('says in its description what value it saw', () => {
      if (alert === 'Watchdog') return; // always 1: there is nothing to report
      expect(rule.annotations?.['description']).toMatch(/\{\{[^}]*\$(value|labels)/);
    });

    it('has a promtool unit test where it fires, with its labels and annotations', () => {
      const firing = alertCases.filter(
        (test) => test.alertname === alert && (test.exp_alerts ?? []).length > 0,
      );
      expect(firing.length).toBeGreaterThan(0);
    });

    it('fires with the labels Alertmanager matches on: job, and peer_service for a call', () => {
      if (alert === 'Watchdog') return; // about the pipeline, not a service
      const firing = alertCases
        .filter((test) => test.alertname === alert)
        .flatMap((test) => (test.exp_alerts ?? []) as { exp_labels?: Record<string, string> }[]);
      const aboutCalls = /http_client_|circuit_breaker_|payment_gateway_/.test(rule.expr);
      for (const { exp_labels: labels = {} } of firing) {
        expect({ alert, job: labels['job'] !== undefined }).toEqual({ alert, job: true });
        if (aboutCalls) {
          expect({ alert, peer_service: labels['peer_service'] !== undefined }).toEqual({
            alert,
            peer_service: true,
          });
        }
      }
    });

    it('has a promtool unit test where it stays silent', () => {
      if (alert === 'Watchdog') return; // never silent by design
      const silent = alertCases.filter(
        (test) => test.alertname === alert && (test.exp_alerts ?? []).length === 0,
      );
      expect(silent.length).toBeGreaterThan(0);
    });
  });
});

describe('the recording rules', () => {
  const tested = new Set(
    testGroups.flatMap((group) =>
      (group.promql_expr_test ?? []).flatMap((test) => selectedMetrics(test.expr)),
    ),
  );
  const usedByAlerts = new Set(alerts.flatMap((rule) => selectedMetrics(rule.expr)));

  it('follow level:metric:operations naming', () => {
    for (const { record } of records) expect(record).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
  });

  it('are each checked by a promql_expr_test, or feed an alert or a rule that is', () => {
    const exprByName = new Map(records.map((rule) => [rule.record, rule.expr]));
    const covered = new Set([...tested, ...usedByAlerts]);
    const pending = [...covered];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      for (const input of selectedMetrics(exprByName.get(name) ?? '')) {
        if (exprByName.has(input) && !covered.has(input)) {
          covered.add(input);
          pending.push(input);
        }
      }
    }
    expect(records.map((rule) => rule.record).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('compute every checkout SLO window the same way as the 5m one', () => {
    const byName = new Map(records.map((rule) => [rule.record, rule.expr]));
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
    for (const series of [
      'checkout_requests:rate',
      'checkout_errors:rate',
      'checkout_errors:ratio_rate',
    ]) {
      const template = byName.get(`job:${series}5m`);
      expect(template).toBeDefined();
      for (const window of windows) {
        const expected = template!
          .replaceAll('[5m]', `[${window}]`)
          .replaceAll(/rate5m\b/g, `rate${window}`);
        expect({
          rule: `job:${series}${window}`,
          expr: byName.get(`job:${series}${window}`),
        }).toEqual({
          rule: `job:${series}${window}`,
          expr: expected,
        });
      }
    }
  });
});

describe('every rule and test', () => {
  const recorded = new Set(records.map((rule) => rule.record));

  it('selects only metrics the services expose or rules record', () => {
    const unknown = [...records, ...alerts].flatMap((rule) =>
      selectedMetrics(rule.expr)
        .filter((name) => !KNOWN_METRICS.has(name) && !recorded.has(name))
        .map((name) => ({ rule: 'record' in rule ? rule.record : rule.alert, name })),
    );
    expect(unknown).toEqual([]);
  });

  it('evaluates recording groups before alert groups in every promtool test file', () => {
    const recordingGroups = groups
      .filter((group) => group.rules.every((rule) => 'record' in rule))
      .map((group) => group.name);
    const alertGroups = groups
      .filter((group) => group.rules.some((rule) => 'alert' in rule))
      .map((group) => group.name);
    for (const file of testFiles) {
      expect({ file: file.file, order: file.group_eval_order }).toEqual({
        file: file.file,
        order: [...recordingGroups, ...alertGroups],
      });
    }
  });
});
