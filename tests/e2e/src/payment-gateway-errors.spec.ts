import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  expectationHolds,
  formatExpectation,
  interpolatePromql,
  promqlExpressions,
  scanDocs,
  scenarioRuns,
} from '@faultline/dashboards';
import type { DocQuery } from '@faultline/dashboards';
import { describeFinding, diagnose } from '@faultline/diagnosis';
import { planTimeline } from '@faultline/fault-admin';
import type { Timeline } from '@faultline/fault-admin';
import { parse } from 'yaml';
import {
  ADMIN_TOKEN,
  shoppers,
  startObservedStack,
  telemetrySince,
  waitFor,
} from './support/observed-stack';
import type { ObservedStack } from './support/observed-stack';
import { DOCS_DIR, SCENARIOS_DIR } from './support/scenario-cli';

const SERVER = 2;
const ERROR = 2;
/** The rule's promise, at production intervals (15 s): firing within 2 minutes of the fault. */
const ALERT_BOUND_MS = 120_000;
/** What docs/README.md promises of the tutorial's expectations after the fix: within 2 minutes. */
const RECOVERY_BOUND_MS = 120_000;

/** The scenario the tutorial starts, planned at the pace its command gives (`--duration`). */
function tutorialFault() {
  const [run] = scenarioRuns(readFileSync(join(DOCS_DIR, 'tutorial', 'README.md'), 'utf8'));
  if (!run) throw new Error('docs/tutorial/README.md starts no scenario');
  const scenario = parse(
    readFileSync(join(SCENARIOS_DIR, `${run.scenario}.yaml`), 'utf8'),
  ) as Timeline;
  const planned = planTimeline(
    scenario,
    run.durationSeconds === undefined ? {} : { durationSeconds: run.durationSeconds },
  );
  const [only] = planned;
  if (planned.length !== 1 || !only || only.service !== 'payment' || only.atMs !== 0) {
    throw new Error(`this suite plays one payment fault from the start, not ${run.scenario}'s`);
  }
  return only;
}

/** Each query's expectation that does not hold against `o`'s Prometheus, or its error. */
async function unmet(o: ObservedStack, queries: readonly DocQuery[]): Promise<string[]> {
  const failures: string[] = [];
  for (const q of queries) {
    try {
      const samples = await o.prometheus.query(q.query);
      const values = samples.map((sample) => sample.value);
      if (q.expect !== undefined && !expectationHolds(q.expect, values)) {
        failures.push(
          `${q.file}:${q.line} expected ${formatExpectation(q.expect)}, got [${values.join(', ')}]: ${q.query}`,
        );
      }
    } catch (error) {
      failures.push(
        `${q.file}:${q.line}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return failures;
}

describe('payment gateway failing 30% of charges, seen only through telemetry', () => {
  let o: ObservedStack;
  let faultStartedAt = 0;
  let traffic: ReturnType<typeof shoppers>;

  beforeAll(async () => {
    // The host's stack (EXPOSE_FAULT_METRICS, as infra/compose/instructor.yaml sets it): every
    // dashboard is evaluated below, the Instructor's answer sheet too.
    o = await startObservedStack({ env: { EXPOSE_FAULT_METRICS: 'true' } });
    traffic = shoppers(o.stack.urls.order);
    await new Promise((resolve) => setTimeout(resolve, 8000)); // a healthy baseline
    await fetch(`${o.stack.urls.payment}/admin/faults/seed`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ seed: 30 }),
    });
    // The fault as the tutorial starts it: its scenario, stretched to the tutorial's hour.
    faultStartedAt = Date.now();
    await o.applyFault('payment', { ...tutorialFault().rule });
  }, 120_000);
  afterAll(async () => {
    await traffic.stop();
    await o.stop();
  });

  it('fires PaymentSuccessRatioLow in real Prometheus within the bound its rule states', async () => {
    const firing = await waitFor(
      async () =>
        (await o.prometheus.alerts()).find(
          (a) => a.labels['alertname'] === 'PaymentSuccessRatioLow' && a.state === 'firing',
        ),
      ALERT_BOUND_MS + 30_000,
      'PaymentSuccessRatioLow firing',
    );
    const firedAfterMs = Date.now() - faultStartedAt;
    process.stdout.write(
      `PaymentSuccessRatioLow fired ${Math.round(firedAfterMs / 1000)} s after the fault started\n`,
    );
    expect(firedAfterMs).toBeLessThanOrEqual(ALERT_BOUND_MS);
    expect(firing.annotations['runbook_url']).toMatch(
      /^http:\/\/localhost:3005\/runbooks\/PaymentSuccessRatioLow$/,
    );
  }, 200_000);

  it('pages through Alertmanager at production timing: one notification, with the runbook', async () => {
    const page = await waitFor(
      async () =>
        (await o.pager()).items.find(
          (n) => n.receiver === 'page' && n.alertNames.includes('PaymentSuccessRatioLow'),
        ),
      // The page route's group_wait (30 s) after the alert fires, plus a scrape and an evaluation.
      90_000,
      'the page for PaymentSuccessRatioLow on the watcher',
    );
    const pagedAfterMs = Date.parse(page.receivedAt) - faultStartedAt;
    process.stdout.write(
      `PaymentSuccessRatioLow paged ${Math.round(pagedAfterMs / 1000)} s after the fault started\n`,
    );
    expect(page.runbookUrls.some((url) => url.endsWith('/runbooks/PaymentSuccessRatioLow'))).toBe(
      true,
    );
    const pages = (await o.pager()).items.filter(
      (n) => n.receiver === 'page' && n.status === 'firing',
    );
    // Grouped: every page alert of the incident arrives in one group, not one notification each.
    expect(new Set(pages.map((n) => n.groupKey)).size).toBe(1);
  }, 120_000);

  it('shows a failing checkout as one trace across order and payment, with the gateway code', async () => {
    const pending = traffic.answers.find((a) => a.status === 202);
    expect(pending).toBeDefined();
    const checkout = await o.receiver.waitForSpan(
      (s) => s.name === 'checkout' && s.attributes['order.id'] === pending?.orderId,
    );
    const trace = () => o.receiver.spans().filter((s) => s.traceId === checkout.traceId);
    const gateway = await o.receiver.waitForSpan(
      (s) => s.traceId === checkout.traceId && s.name === 'card_gateway.charge',
    );
    expect(gateway.service).toBe('payment');
    expect(gateway.status.code).toBe(ERROR);
    expect(gateway.attributes['gateway.error_code']).toBe('gateway_unavailable');
    expect(gateway.attributes['gateway.http_status']).toBe(503);
    expect(checkout.attributes['order.status']).toBe('payment_pending');
    expect(
      new Set(
        trace()
          .filter((s) => s.kind === SERVER)
          .map((s) => s.service),
      ),
    ).toEqual(new Set(['order', 'catalog', 'inventory', 'payment']));
    // Nothing on any span says the failure was injected.
    expect(JSON.stringify(trace())).not.toMatch(/inject|fault(?!line)/i);

    const logs = await waitFor(
      () => {
        const services = new Set(
          o.receiver
            .logs()
            .filter((l) => l.traceId === checkout.traceId)
            .map((l) => l.service),
        );
        return Promise.resolve(
          services.has('order') && services.has('payment') ? services : undefined,
        );
      },
      15_000,
      'log lines of the failing request in order and payment',
    );
    expect([...logs].sort()).toEqual(expect.arrayContaining(['order', 'payment']));
  });

  it('moves the RED and business metrics, and an exemplar of a failed request resolves to a trace', async () => {
    const pending = await o.prometheus.query(
      'sum(checkouts_total{job="order",outcome="payment_pending"})',
    );
    expect(pending[0]?.value).toBeGreaterThan(0);
    const gatewayErrors = await o.prometheus.query(
      'sum(payments_total{job="payment",outcome="gateway_error"})',
    );
    expect(gatewayErrors[0]?.value).toBeGreaterThan(0);
    const red = await o.prometheus.query(
      'sum(rate(http_server_request_duration_seconds_count{job="payment",route="/payments",status_code="502"}[1m]))',
    );
    expect(red[0]?.value).toBeGreaterThan(0);

    const now = Date.now() / 1000;
    const exemplars = await o.prometheus.exemplars(
      'http_server_request_duration_seconds_bucket{job="payment",status_code="502"}',
      now - 600,
      now,
    );
    expect(exemplars.length).toBeGreaterThan(0);
    const traceId = exemplars[0]?.labels['trace_id'];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await o.receiver.waitForSpan(
      (s) => s.traceId === traceId && s.service === 'payment' && s.kind === SERVER,
    );
  });

  it('never lets a card number or CVV reach spans, logs or metrics', async () => {
    const metrics = await Promise.all(
      Object.values(o.stack.urls).map(async (url) => (await fetch(`${url}/metrics`)).text()),
    );
    const everything = [...o.receiver.rawBodies(), ...metrics].join('\n');
    expect(everything.length).toBeGreaterThan(10_000);
    expect(everything).not.toContain('4242424242424242');
    expect(everything).not.toMatch(/"cvv"\s*:\s*"123"|cvv="123"/);
  });

  it('evaluates every dashboard PromQL expression, and the core panels show data', async () => {
    const failures: string[] = [];
    const empty = new Set<string>();
    for (const query of promqlExpressions()) {
      const expr = interpolatePromql(query.expr, {
        service: 'order',
        rateInterval: '1m',
        interval: '1s',
        range: '5m',
      });
      try {
        if ((await o.prometheus.query(expr)).length === 0)
          empty.add(`${query.dashboard} / ${query.panel}`);
      } catch (error) {
        failures.push(
          `${query.dashboard} / ${query.panel}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    const core = [
      'Shop overview / Orders per minute',
      'Shop overview / Checkout success ratio',
      'Shop overview / Revenue per minute',
      'Shop overview / Payment success ratio',
      'Shop overview / Checkouts per minute by outcome',
      'Shop overview / Payments per minute by outcome',
      // The golden signals of the shop's processes (the visits → orders conversion counts visits
      // at the edge gateway, which this stack does not run: the shoppers call order directly).
      'Shop overview / Checkout latency p95 and p99',
      'Shop overview / Requests per second by service',
      'Shop overview / Server error ratio by service',
      'Shop overview / p95 latency by service',
      'Shop overview / Event loop lag p99 by service',
      'Shop overview / CPU by service',
      'Shop overview / Database pool waits by service',
      'Service RED / Request rate by route',
      'Service RED / Latency percentiles',
      'Checkout dependencies / Client calls by peer and outcome',
      'Checkout dependencies / Pending orders',
      'Checkout dependencies / Retry worker heartbeat age',
      'Instructor / Active faults by service, point and kind',
    ];
    expect(core.filter((panel) => empty.has(panel))).toEqual([]);
  });

  it('is diagnosed from telemetry alone as the scenario file says', async () => {
    const scenario = parse(
      readFileSync(join(SCENARIOS_DIR, 'payment-gateway-errors.yaml'), 'utf8'),
    ) as { expected: { diagnosis: { service: string; fault: string } } };
    const findings = await diagnose(telemetrySince(o, faultStartedAt));
    process.stdout.write(`diagnosis: ${findings.map(describeFinding).join(' | ')}\n`);
    const [first] = findings;
    expect(first && { service: first.service, fault: first.fault }).toEqual(
      scenario.expected.diagnosis,
    );
  });

  it('keeps the fault for the whole tutorial, as its run command plans it', async () => {
    const [active] = await o.activeFaults('payment');
    expect(active?.id).toBe(tutorialFault().rule.id);
    const lastsMs = Date.parse(active?.until ?? '') - faultStartedAt;
    expect(lastsMs).toBeGreaterThanOrEqual(3600_000 - 60_000);
  });

  it("follows a pending order through the logs by its number, as the tutorial's first step does", async () => {
    const pending = traffic.answers.find((a) => a.status === 202 && a.orderId !== undefined);
    expect(pending).toBeDefined();
    const ofOrder = () =>
      o.receiver.logs().filter((l) => l.attributes['order_id'] === pending?.orderId);
    const lines = await waitFor(
      () => {
        const found = ofOrder();
        const events = new Set(found.map((l) => l.attributes['event']));
        return Promise.resolve(
          events.has('payment_deferred') && events.has('payment_gateway_failed')
            ? found
            : undefined,
        );
      },
      15_000,
      `order ${pending?.orderId ?? ''}'s payment_deferred and payment_gateway_failed lines`,
    );
    const deferred = lines.find((l) => l.attributes['event'] === 'payment_deferred');
    const failed = lines.find((l) => l.attributes['event'] === 'payment_gateway_failed');
    expect(deferred?.service).toBe('order');
    expect(deferred?.attributes['reason']).toBe('payment upstream_5xx');
    expect(failed?.service).toBe('payment');
    expect(failed?.attributes['gateway_code']).toBe('gateway_unavailable');
    // One request: the same trace and the same request id on both services' lines.
    expect(failed?.traceId).toBe(deferred?.traceId);
    expect(deferred?.attributes['request_id']).toEqual(expect.any(String));
    expect(failed?.attributes['request_id']).toBe(deferred?.attributes['request_id']);
    // The retry worker charges it again under the same key: payment resumes the failed payment.
    const resumed = await waitFor(
      () => Promise.resolve(ofOrder().find((l) => l.attributes['event'] === 'payment_resumed')),
      30_000,
      `order ${pending?.orderId ?? ''}'s payment_resumed line`,
    );
    expect(resumed.attributes['previous_status']).toBe('failed');
  });

  it("evaluates every PromQL query in docs/, and the tutorial's expectations of the incident hold", async () => {
    const { queries, problems } = scanDocs(DOCS_DIR);
    expect(problems).toEqual([]);
    const promql = queries.filter((q) => q.language === 'promql' && q.phase !== 'after the fix');
    expect(promql.length).toBeGreaterThan(20);
    expect(promql.filter((q) => q.expect !== undefined).length).toBeGreaterThan(5);
    expect(await unmet(o, promql)).toEqual([]);
  });

  it(
    'recovers as the tutorial says once the fault is cleared: its expectations after the fix hold within 2 minutes',
    async () => {
      const after = scanDocs(DOCS_DIR).queries.filter((q) => q.phase === 'after the fix');
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect(await unmet(o, after)).not.toEqual([]); // still the incident: they could fail
      await o.clearFaults('payment');
      const clearedAt = Date.now();
      let failures: string[] = [];
      await waitFor(
        async () => {
          failures = await unmet(o, after);
          return failures.length === 0 ? true : undefined;
        },
        RECOVERY_BOUND_MS,
        'the expectations after the fix',
      ).catch(() => undefined);
      expect(failures).toEqual([]);
      process.stdout.write(
        `the tutorial's recovery held ${Math.round((Date.now() - clearedAt) / 1000)} s after the fix\n`,
      );
    },
    RECOVERY_BOUND_MS + 30_000,
  );

  it('keeps every checkout answered when the OTLP receiver dies mid-run', async () => {
    await o.clearFaults('payment');
    const before = traffic.answers.length;
    await o.receiver.close();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const during = traffic.answers.slice(before);
    expect(during.length).toBeGreaterThan(10);
    expect(during.filter((a) => a.status !== 201 && a.status !== 202)).toEqual([]);
  });
});
