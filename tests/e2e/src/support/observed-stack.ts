import { randomBytes, randomUUID } from 'node:crypto';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver } from '@faultline/instrumented/testing';
import type { Telemetry } from '@faultline/diagnosis';
import { dropDatabase } from '@faultline/postgres';
import { scrapeTargets, startPrometheus, startStack, testPrometheusConfig } from '@faultline/stack';
import type { PrometheusProcess, ServiceName, Stack } from '@faultline/stack';

export const ADMIN_TOKEN = 'e2e-admin-token';

export interface ObservedStack {
  stack: Stack;
  receiver: OtlpReceiver;
  prometheus: PrometheusProcess;
  /** Applies a fault through the service's admin API. */
  applyFault(service: ServiceName, rule: Record<string, unknown>): Promise<void>;
  clearFaults(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The four services as `npm start` runs them, exporting to the suite's OTLP receiver, scraped by a
 * real Prometheus running infra/prometheus's config and rules with only the intervals shortened
 * (and, with `timeScale`, the rules' durations divided).
 */
export async function startObservedStack(
  options: {
    /** Rules run this many times faster (see testPrometheusConfig's timeScale); 1 = as shipped. */
    timeScale?: number;
    /** Service settings over the suite's defaults (which retry pending payments quickly). */
    env?: Readonly<Record<string, string>>;
  } = {},
): Promise<ObservedStack> {
  const timeScale = options.timeScale ?? 1;
  const receiver = await startOtlpReceiver();
  const stack = await startStack({
    ports: 'ephemeral',
    databasePrefix: `e2e_${randomBytes(3).toString('hex')}_`,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      GATEWAY_LATENCY_MEDIAN_MS: '5',
      FAULT_ADMIN_TOKEN: ADMIN_TOKEN,
      RETRY_WORKER_INTERVAL_MS: '500',
      RETRY_BASE_DELAY_MS: '200',
      RETRY_MAX_DELAY_MS: '1000',
      ...options.env,
    },
  });
  const dropDatabases = () => Object.values(stack.databaseUrls).map((url) => dropDatabase(url));
  let prometheus: PrometheusProcess;
  try {
    // Cold code paths and fresh connections make the first checkouts slow; Prometheus starts
    // scraping after them, so no rate window ever holds them.
    await warmUp(stack.urls.order);
    prometheus = await startPrometheus((own, workDir) =>
      testPrometheusConfig({
        ...(timeScale > 1 && { timeScale: { factor: timeScale, rulesDir: workDir } }),
        targets: scrapeTargets(stack.urls, own),
        scrapeInterval: '1s',
        evaluationInterval: '1s',
      }),
    );
  } catch (error) {
    await stack.stop();
    await Promise.all(dropDatabases());
    await receiver.close();
    throw error;
  }
  const admin = async (service: ServiceName, method: string, body?: unknown): Promise<void> => {
    const res = await fetch(`${stack.urls[service]}/admin/faults`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${service} admin ${method}: ${res.status} ${await res.text()}`);
  };
  return {
    stack,
    receiver,
    prometheus,
    applyFault: (service, rule) => admin(service, 'POST', rule),
    clearFaults: (service) => admin(service, 'DELETE'),
    async stop() {
      // Every step runs even when one fails; the first failure is reported.
      const steps = await Promise.allSettled([prometheus.stop(), stack.stop()]);
      steps.push(...(await Promise.allSettled([...dropDatabases(), receiver.close()])));
      const failed = steps.find((step) => step.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

async function warmUp(orderUrl: string): Promise<void> {
  const traffic = shoppers(orderUrl, 10);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await traffic.stop();
  // A cold payment may time out a first charge (202, retried later): only errors count.
  const failed = traffic.answers.filter((a) => a.status !== 201 && a.status !== 202);
  if (failed.length > 0) {
    throw new Error(`warm-up checkouts failed: ${failed.map((a) => a.status).join(', ')}`);
  }
}

/** What the diagnosis may look at: the spans exported since `fromMs`, and Prometheus. */
export function telemetrySince(o: ObservedStack, fromMs: number): Telemetry {
  return {
    spans: o.receiver.spans().filter((s) => s.startTimeMs >= fromMs),
    query: (expr) => o.prometheus.query(expr),
    windowSeconds: (Date.now() - fromMs) / 1000,
  };
}

export interface Answer {
  status: number;
  orderId: string | undefined;
}

export const TEST_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  /** A Visa test card the issuer always declines (card_declined). */
  declined: '4000000000000002',
} as const;

/**
 * Steady checkout traffic, `perSecond` arrivals a second whatever the answers take, until stopped;
 * every answer is kept. Cards are used in turn from `cards`.
 */
export function shoppers(
  orderUrl: string,
  perSecond = 8,
  cards: readonly string[] = [TEST_CARDS.visa],
) {
  const answers: Answer[] = [];
  let sent = 0;
  const one = async (): Promise<void> => {
    const card = {
      cardNumber: cards[sent++ % cards.length] ?? TEST_CARDS.visa,
      expiry: '12/39',
      cvv: '123',
    };
    try {
      const res = await fetch(`${orderUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        signal: AbortSignal.timeout(10_000),
        body: JSON.stringify({
          customerId: 'e2e',
          items: [{ productId: 'prd_08', quantity: 1 }],
          payment: card,
        }),
      });
      const body = (await res.json()) as { id?: string; order_id?: string };
      answers.push({ status: res.status, orderId: body.id ?? body.order_id });
    } catch {
      answers.push({ status: 0, orderId: undefined });
    }
  };
  // Open loop, like k6's arrival-rate executors: a slow answer does not slow the next shopper.
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const request = one().finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, 1000 / perSecond);
  return {
    answers,
    async stop(): Promise<void> {
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}

export const waitFor = async <T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
};
