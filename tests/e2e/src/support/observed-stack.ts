import { randomBytes, randomUUID } from 'node:crypto';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import type { OtlpReceiver } from '@faultline/instrumented/testing';
import type { Telemetry } from '@faultline/diagnosis';
import { faultAdmin } from '@faultline/fault-admin';
import type { FaultAdmin } from '@faultline/fault-admin';
import { dropDatabase } from '@faultline/postgres';
import {
  scrapeTargets,
  startAlertmanager,
  startBlackboxExporter,
  startPostgresExporter,
  startPrometheus,
  startStack,
  testPrometheusConfig,
} from '@faultline/stack';
import type {
  AlertmanagerProcess,
  Daemon,
  PrometheusProcess,
  ServiceName,
  Stack,
} from '@faultline/stack';

export const ADMIN_TOKEN = 'e2e-admin-token';
/** The native PostgreSQL every stack's databases live in (and postgres_exporter watches). */
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** One notification the watcher received from Alertmanager (its GET /notifications items). */
export interface PagerNotification {
  receivedAt: string;
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  alertNames: string[];
  runbookUrls: string[];
}

/** The watcher's pager: what Alertmanager delivered, and its dead man's switch. */
export interface Pager {
  deadman: { tripped: boolean; lastWatchdogAt: string | null };
  items: PagerNotification[];
}

export interface ObservedStack {
  stack: Stack;
  /** Where shoppers check out (`${shopUrl}/orders`): the gateway's /api/v1 when it runs, else order. */
  shopUrl: string;
  receiver: OtlpReceiver;
  prometheus: PrometheusProcess;
  /** The real Alertmanager, with infra/alertmanager's routes, delivering to the stack's watcher. */
  alertmanager: AlertmanagerProcess;
  /** What the watcher's pager holds now (GET /notifications). */
  pager(): Promise<Pager>;
  /** Applies a fault through the service's admin API. */
  applyFault(service: ServiceName, rule: Record<string, unknown>): Promise<void>;
  /** The rules active in `service`, as it holds them (id, until…). */
  activeFaults(service: ServiceName): ReturnType<FaultAdmin['list']>;
  clearFaults(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The four services and the watcher as `npm start` runs them, exporting to the suite's OTLP
 * receiver, scraped by a real Prometheus running infra/prometheus's config and rules with only the
 * intervals shortened (and, with `timeScale`, the rules' durations divided), beside a real blackbox
 * exporter probing every service, a real postgres_exporter, and a real Alertmanager with
 * infra/alertmanager's routes (its timings divided by the same `timeScale`) delivering to the
 * watcher's pager: the whole notification path of compose.
 */
export async function startObservedStack(
  options: {
    /** Rules run this many times faster (see testPrometheusConfig's timeScale); 1 = as shipped. */
    timeScale?: number;
    /** Service settings over the suite's defaults (which retry pending payments quickly). */
    env?: Readonly<Record<string, string>>;
    /** Run the edge gateway too (scraped and probed like the services); `shopUrl` is then its API. */
    gateway?: boolean;
    /**
     * Supervised, as `npm start` runs it: its supervisor can start payment's canary (`faultline
     * deploy`), which Prometheus then finds through the supervisor's /deployments/targets.
     */
    supervise?: boolean;
  } = {},
): Promise<ObservedStack> {
  const timeScale = options.timeScale ?? 1;
  const receiver = await startOtlpReceiver();
  const databasePrefix = `e2e_${randomBytes(3).toString('hex')}_`;
  const stack = await startStack({
    ports: 'ephemeral',
    postgresUrl: POSTGRES_URL,
    databasePrefix,
    gateway: options.gateway ?? false,
    ...(options.supervise && { supervise: true }),
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
  const daemons: Daemon[] = [];
  let prometheus: PrometheusProcess;
  let alertmanager: AlertmanagerProcess;
  try {
    // Cold code paths and fresh connections make the first checkouts slow; Prometheus starts
    // scraping after them, so no rate window ever holds them.
    await warmUp(shopUrlOf(stack));
    const watcherUrl = stack.urls.watcher;
    if (watcherUrl === undefined) throw new Error('the stack has no watcher to deliver to');
    alertmanager = await startAlertmanager({ webhookUrl: watcherUrl, timeScale });
    daemons.push(alertmanager);
    const blackbox = await startBlackboxExporter();
    daemons.push(blackbox);
    const postgresExporter = await startPostgresExporter({ postgresUrl: POSTGRES_URL });
    daemons.push(postgresExporter);
    prometheus = await startPrometheus(
      (own, workDir) =>
        testPrometheusConfig({
          ...(timeScale > 1 && { timeScale: { factor: timeScale, rulesDir: workDir } }),
          targets: { ...scrapeTargets(stack.urls, own), alertmanager: alertmanager.address },
          ...(stack.supervisorUrl !== undefined && {
            deployments: new URL(stack.supervisorUrl).host,
          }),
          alertmanagers: [alertmanager.address],
          blackbox: { exporter: blackbox.address, targets: stack.urls },
          postgres: { exporter: postgresExporter.address, databasePrefix },
          scrapeInterval: '1s',
          evaluationInterval: '1s',
        }),
      'prometheus',
      // An alert that fires before Prometheus has found its Alertmanager is sent again only after
      // this delay (1m by default): scaled like the rules.
      [`--rules.alert.resend-delay=${Math.max(1, Math.round(60 / timeScale))}s`],
    );
  } catch (error) {
    await Promise.allSettled([stack.stop(), ...daemons.map((daemon) => daemon.stop())]);
    await Promise.all(dropDatabases());
    await receiver.close();
    throw error;
  }
  const admin = (service: ServiceName) =>
    faultAdmin({ baseUrl: stack.urls[service], token: ADMIN_TOKEN, name: service });
  return {
    stack,
    shopUrl: shopUrlOf(stack),
    receiver,
    prometheus,
    alertmanager,
    async pager() {
      const res = await fetch(`${stack.urls.watcher ?? ''}/notifications`);
      if (!res.ok) throw new Error(`watcher /notifications: ${res.status}`);
      return (await res.json()) as Pager;
    },
    async applyFault(service, rule) {
      await admin(service).apply(rule);
    },
    activeFaults: (service) => admin(service).list(),
    async clearFaults(service) {
      await admin(service).clear();
    },
    async stop() {
      // Every step runs even when one fails; the first failure is reported.
      const steps = await Promise.allSettled([
        prometheus.stop(),
        stack.stop(),
        ...daemons.map((daemon) => daemon.stop()),
      ]);
      steps.push(...(await Promise.allSettled([...dropDatabases(), receiver.close()])));
      const failed = steps.find((step) => step.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** Where customers check out: the gateway's public API when it runs, else order itself. */
const shopUrlOf = (stack: Stack): string =>
  stack.urls.gateway === undefined ? stack.urls.order : `${stack.urls.gateway}/api/v1`;

async function warmUp(shopUrl: string): Promise<void> {
  const traffic = shoppers(shopUrl, 10);
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
  shopUrl: string,
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
      const res = await fetch(`${shopUrl}/orders`, {
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
