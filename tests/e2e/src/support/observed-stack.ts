import { randomBytes, randomUUID } from 'node:crypto';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver } from '@faultline/instrumented/testing';
import { dropDatabase } from '@faultline/postgres';
import { startPrometheus, startStack, testPrometheusConfig } from '@faultline/stack';
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

const hostPort = (url: string): string => new URL(url).host;

/**
 * The four services as `npm start` runs them, exporting to the suite's OTLP receiver, scraped by a
 * real Prometheus running infra/prometheus's config and rules with only the intervals shortened.
 */
export async function startObservedStack(): Promise<ObservedStack> {
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
    },
  });
  let prometheus: PrometheusProcess;
  try {
    prometheus = await startPrometheus((own) =>
      testPrometheusConfig({
        targets: {
          catalog: hostPort(stack.urls.catalog),
          inventory: hostPort(stack.urls.inventory),
          order: hostPort(stack.urls.order),
          payment: hostPort(stack.urls.payment),
          prometheus: own,
        },
        scrapeInterval: '1s',
        evaluationInterval: '1s',
      }),
    );
  } catch (error) {
    await stack.stop();
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
      await prometheus.stop();
      await stack.stop();
      await Promise.all(Object.values(stack.databaseUrls).map((url) => dropDatabase(url)));
      await receiver.close();
    },
  };
}

export interface Answer {
  status: number;
  orderId: string | undefined;
}

/** Steady checkout traffic (a few per second) until stopped; every answer is kept. */
export function shoppers(orderUrl: string, perSecond = 8) {
  const answers: Answer[] = [];
  const state = { running: true };
  const card = { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' };
  const one = async (): Promise<void> => {
    try {
      const res = await fetch(`${orderUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
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
  const loop = (async () => {
    while (state.running) {
      await Promise.all([one(), new Promise((resolve) => setTimeout(resolve, 1000 / perSecond))]);
    }
  })();
  return {
    answers,
    async stop(): Promise<void> {
      state.running = false;
      await loop;
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
