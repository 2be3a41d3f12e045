import { createFaults } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import { createLogger } from '@faultline/instrumented';
import type { Metrics } from '@faultline/instrumented';
import { captureLogs, freshMetrics, listenForTest } from '@faultline/instrumented/testing';
import type { ListeningApp, LogCapture } from '@faultline/instrumented/testing';
import type { Pool } from '@faultline/postgres';
import { createApp } from '../app';
import type { PaymentConfig } from '../config';
import { composePayment } from '../compose';
import type { CardGateway } from '../domain/ports';
import type { PaymentReconciler } from '../worker/reconciler';
import { openTestDatabase } from './test-database';

/** The fraud work the test apps do (the production default: about 1 ms a score). */
export const TEST_FRAUD_ITERATIONS = 1000;

/** The service token the app under test requires; post and get send it, as order does. */
export const SERVICE_TOKEN = 'payment-test-service-token';

/** Test cards as a shopper types them. */
export const CARDS = {
  approved: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
  stolen: '4000 0000 0000 9979',
  mastercard: '5555 5555 5555 4444',
  amex: '3782 822463 10005',
  discover: '6011 1111 1111 1117',
} as const;

/** CVVs the tests send; none may ever come back or be written anywhere. */
export const CVVS = ['947', '8361'] as const;

/** An expiry a year from now, so the fixtures never expire. */
export const futureExpiry = (): string =>
  `12/${String((new Date().getUTCFullYear() + 1) % 100).padStart(2, '0')}`;

export interface ChargeBody {
  orderId: string;
  amount: { amount: number; currency: string };
  card: { number: string; expiry: string; cvv: string };
}

/** A valid charge request for 49.00 EUR with the approving test card. */
export const chargeBody = (
  orderId: string,
  card: Partial<ChargeBody['card']> = {},
): ChargeBody => ({
  orderId,
  amount: { amount: 4900, currency: 'EUR' },
  card: { number: CARDS.approved, expiry: futureExpiry(), cvv: CVVS[0], ...card },
});

export interface HttpAnswer {
  status: number;
  type: string | null;
  headers: Headers;
  /** The body exactly as sent, for byte-for-byte comparisons. */
  text: string;
  body: Record<string, unknown>;
}

export interface PaymentService {
  url: string;
  pool: Pool;
  logs: LogCapture;
  metrics: Metrics;
  /** The service's fault engine (payment.gateway.charge, payment.fraud). */
  faults: Faults;
  /** The reconciler as composed; not started: a spec runs it when it wants to. */
  reconciler: PaymentReconciler;
  /** Every response body received, for card-data scans. */
  responses: string[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  postRaw(path: string, raw: string, headers?: Record<string, string>): Promise<HttpAnswer>;
  get(path: string): Promise<HttpAnswer>;
  count(table: 'payments' | 'gateway_charges', where?: string, params?: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

export interface PaymentServiceOptions {
  /** Wraps the simulated gateway (to make it fail, or slow, in a test). */
  wrapGateway?: (simulated: CardGateway) => CardGateway;
  staleProcessingMs?: number;
  /** The release the service runs as (SERVICE_VERSION): its fraud model. `dev` unless given. */
  version?: PaymentConfig['SERVICE_VERSION'];
  /** RECONCILE_GRACE_MS (default 0: a spec reconciles what it just charged). */
  reconcileGraceMs?: number;
  /** RECONCILE_INTERVAL_MS, for a spec that starts the reconciler's loop. */
  reconcileIntervalMs?: number;
  /** FAULT_ADMIN_TOKEN: the admin routes (/admin/faults, /admin/reset) are mounted when given. */
  adminToken?: string;
}

/** Boots the real app on its own database, with captured logs and a fresh registry. */
export async function startPaymentService(
  prefix: string,
  options: PaymentServiceOptions = {},
): Promise<PaymentService> {
  const db = await openTestDatabase(prefix);
  const { pool } = db;
  const logs = captureLogs();
  const metrics = freshMetrics();
  const logger = createLogger({
    service: 'payment',
    destination: logs.destination,
    level: 'debug',
  });
  const settings = {
    // Latency close to zero: a median of 1 ms, still log-normal and still awaited.
    GATEWAY_LATENCY_MEDIAN_MS: 1,
    FRAUD_WORK_ITERATIONS: TEST_FRAUD_ITERATIONS,
    STALE_PROCESSING_MS: options.staleProcessingMs ?? 30_000,
    RECONCILE_INTERVAL_MS: options.reconcileIntervalMs ?? 30_000,
    RECONCILE_GRACE_MS: options.reconcileGraceMs ?? 0,
    SERVICE_VERSION: options.version ?? 'dev',
  };
  const faults = createFaults({ metrics });
  const composed = composePayment(settings, pool, logger, metrics, faults);
  const payment = options.wrapGateway
    ? { ...composed, gateway: options.wrapGateway(composed.gateway) }
    : composed;
  const app: ListeningApp = await listenForTest(
    createApp({
      pool,
      logger,
      metrics,
      serviceToken: SERVICE_TOKEN,
      payment,
      ...(options.adminToken !== undefined && {
        faults: { engine: faults, adminToken: options.adminToken },
      }),
    }),
  );
  const responses: string[] = [];

  const send = async (path: string, init: RequestInit): Promise<HttpAnswer> => {
    const headers = {
      'x-service-token': SERVICE_TOKEN,
      ...(init.headers as Record<string, string>),
    };
    const res = await fetch(`${app.url}${path}`, { ...init, headers });
    const text = await res.text();
    responses.push(text);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      headers: res.headers,
      text,
      body: /json/.test(res.headers.get('content-type') ?? '')
        ? (JSON.parse(text) as Record<string, unknown>)
        : {},
    };
  };
  const postRaw = (path: string, raw: string, headers: Record<string, string> = {}) =>
    send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: raw,
    });

  return {
    url: app.url,
    pool,
    logs,
    metrics,
    faults,
    reconciler: composed.reconciler,
    responses,
    post: (path, body, headers) => postRaw(path, JSON.stringify(body), headers),
    postRaw,
    get: (path) => send(path, { method: 'GET' }),
    async count(table, where = 'true', params = []) {
      const { rows } = await pool.query<{ count: number }>(
        `SELECT count(*) AS count FROM ${table} WHERE ${where}`,
        params,
      );
      return rows[0]?.count ?? 0;
    },
    async stop() {
      await app.close();
      await composed.reconciler.stop();
      await faults.close();
      await db.drop();
    },
  };
}

/** A CVV as a value of its own (not a run of digits inside an id, a time or a score). */
const standalone = (digits: string): RegExp => new RegExp(`(?<![\\w.:-])${digits}(?![\\w.:-])`);

/** Full test card numbers (typed or digits only) and CVVs found in a text, named by `place`. */
export function cardDataIn(place: string, text: string): string[] {
  const found: string[] = [];
  for (const card of Object.values(CARDS)) {
    if (text.includes(card) || text.includes(card.replace(/ /g, ''))) {
      found.push(`${place}: card ${card}`);
    }
  }
  for (const cvv of CVVS) if (standalone(cvv).test(text)) found.push(`${place}: cvv ${cvv}`);
  return found;
}

/**
 * Every place card data could leak to: log lines, response bodies, and every column of every row
 * of payments and gateway_charges. Returns what was found (nothing, when all is well).
 */
export async function findCardData(service: PaymentService): Promise<string[]> {
  const { rows } = await service.pool.query<{ row: string }>(
    `SELECT row_to_json(p)::text AS row FROM payments p
     UNION ALL SELECT row_to_json(g)::text FROM gateway_charges g`,
  );
  return [
    ...cardDataIn('logs', service.logs.text()),
    ...cardDataIn('responses', service.responses.join('\n')),
    ...cardDataIn('tables', rows.map((r) => r.row).join('\n')),
  ];
}
