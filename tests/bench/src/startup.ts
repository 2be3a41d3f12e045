import { randomBytes, randomUUID } from 'node:crypto';
import { startOtlpReceiver } from '@faultline/instrumented/testing';
import { dropDatabase } from '@faultline/postgres';
import { DATABASE_NAMES, SERVICE_NAMES, databaseUrlFor, spawnService } from '@faultline/stack';
import type { ServiceName, ServiceProcess } from '@faultline/stack';
import { onInterrupt } from './cleanup';
import { rssBytes } from './process-stats';
import { median } from './stats';

/** Every service gets it; inventory and payment answer their first request only with it. */
const SERVICE_TOKEN = 'bench-startup-service-token';

/** A traced request each service answers without side effects (spans start only in a trace). */
const FIRST_REQUEST: Record<ServiceName, string> = {
  catalog: '/products',
  inventory: '/stock',
  payment: `/payments/${randomUUID()}`,
  order: `/orders/${randomUUID()}`,
};

export interface StartupFigures {
  /** Spawn → `service_listening` log line, ms. */
  listeningMs: number;
  /** Spawn → /health/ready answers 200, ms. */
  readyMs: number;
  /** Spawn → the receiver holds a span of this service (a request was sent as soon as it was ready). */
  firstSpanMs: number;
  /** RSS 3 s after ready, with no traffic but the one request. */
  idleRssBytes: number;
}

export interface StartupResult {
  /** The very first start: creates the database and applies migrations. */
  first: Record<ServiceName, StartupFigures>;
  /** Median over the restarts against existing databases. */
  restart: Record<ServiceName, StartupFigures>;
  restarts: number;
}

/** One round: each service started alone (the previous ones keep running), full telemetry. */
async function startRound(
  prefix: string,
  postgresUrl: string,
  otlpUrl: string,
  waitForSpan: (service: ServiceName, timeoutMs: number) => Promise<unknown>,
): Promise<Record<ServiceName, StartupFigures>> {
  const running: Partial<Record<ServiceName, ServiceProcess>> = {};
  const figures: Partial<Record<ServiceName, StartupFigures>> = {};
  const spans: Promise<void>[] = [];
  const stopAll = async (): Promise<void> => {
    for (const name of [...SERVICE_NAMES].reverse()) await running[name]?.stop();
  };
  const undo = onInterrupt(stopAll);
  try {
    for (const name of SERVICE_NAMES) {
      const t0 = performance.now();
      let listeningMs = Number.NaN;
      const downstream: Record<string, string> =
        name === 'order'
          ? {
              CATALOG_URL: running.catalog?.url ?? '',
              INVENTORY_URL: running.inventory?.url ?? '',
              PAYMENT_URL: running.payment?.url ?? '',
            }
          : {};
      const service = await spawnService({
        name,
        env: {
          ...(process.env as Record<string, string>),
          OTEL_SERVICE_NAME: name,
          OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: databaseUrlFor(postgresUrl, `${prefix}${DATABASE_NAMES[name]}`),
          SERVICE_TOKEN,
          ...downstream,
        },
        onLine: (_service, line) => {
          if (Number.isNaN(listeningMs) && line.includes('"service_listening"')) {
            listeningMs = performance.now() - t0;
          }
        },
      });
      const readyMs = performance.now() - t0;
      running[name] = service;
      await fetch(`${service.url}${FIRST_REQUEST[name]}`, {
        headers: { 'x-service-token': SERVICE_TOKEN },
      }).then((r) => r.arrayBuffer());
      const entry: StartupFigures = {
        listeningMs,
        readyMs,
        firstSpanMs: Number.NaN,
        idleRssBytes: Number.NaN,
      };
      figures[name] = entry;
      spans.push(
        waitForSpan(name, 30_000).then(
          () => {
            entry.firstSpanMs = performance.now() - t0;
          },
          () => undefined,
        ),
      );
    }
    await Promise.all(spans);
    // Idle: a few seconds after the last start, nothing but the one request served.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const name of SERVICE_NAMES) {
      const entry = figures[name];
      if (entry) entry.idleRssBytes = rssBytes(running[name]?.child.pid ?? -1);
    }
  } finally {
    undo();
    await stopAll();
  }
  return figures as Record<ServiceName, StartupFigures>;
}

function medianFigures(
  rounds: Record<ServiceName, StartupFigures>[],
): Record<ServiceName, StartupFigures> {
  const of = (name: ServiceName, key: keyof StartupFigures): number =>
    median(rounds.map((round) => round[name][key]));
  return Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      name,
      {
        listeningMs: of(name, 'listeningMs'),
        readyMs: of(name, 'readyMs'),
        firstSpanMs: of(name, 'firstSpanMs'),
        idleRssBytes: of(name, 'idleRssBytes'),
      },
    ]),
  ) as Record<ServiceName, StartupFigures>;
}

/**
 * Time from process start to listening, to ready and to the first span the receiver holds, per
 * service, each started on its own exactly as `npm start` starts it, exporting to a real OTLP
 * receiver with the production batch delay (OTEL_BSP_SCHEDULE_DELAY unset: 5 s).
 */
export async function measureStartup(
  postgresUrl: string,
  restarts: number,
): Promise<StartupResult> {
  const prefix = `bench_start_${randomBytes(3).toString('hex')}_`;
  const rounds: Record<ServiceName, StartupFigures>[] = [];
  const dropDatabases = async (): Promise<void> => {
    await Promise.all(
      SERVICE_NAMES.map((name) =>
        dropDatabase(databaseUrlFor(postgresUrl, `${prefix}${DATABASE_NAMES[name]}`)),
      ),
    );
  };
  const undo = onInterrupt(dropDatabases);
  try {
    for (let round = 0; round <= restarts; round++) {
      // A receiver per round, so a span of an earlier round is never taken for this one's.
      const receiver = await startOtlpReceiver();
      try {
        rounds.push(
          await startRound(prefix, postgresUrl, receiver.url, (service, timeoutMs) =>
            receiver.waitForSpan((span) => span.service === service && span.kind === 2, timeoutMs),
          ),
        );
      } finally {
        await receiver.close();
      }
    }
  } finally {
    undo();
    await dropDatabases();
  }
  const [first, ...later] = rounds;
  if (!first) throw new Error('no start-up round ran');
  return { first, restart: medianFigures(later.length > 0 ? later : [first]), restarts };
}
