import { z } from 'zod';

/** Named places in the services' code where a fault can be injected. */
export const FAULT_POINTS = [
  'http.server',
  'payment.gateway.charge',
  'payment.fraud',
  'inventory.db',
  'catalog.db',
  'order.payment_client',
  'process.memory',
  'order.retry_worker',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export const FAULT_KINDS = [
  'error',
  'latency',
  'timeout',
  'connection_reset',
  'decline',
  'wrong_answer',
  'cpu_burn',
  'memory_leak',
  'stop_heartbeat',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which kinds make sense where: anything else is refused with 400. */
export const KINDS_BY_POINT: Record<FaultPoint, readonly FaultKind[]> = {
  'http.server': ['error', 'latency', 'timeout', 'connection_reset'],
  'payment.gateway.charge': ['error', 'latency', 'timeout', 'decline', 'wrong_answer'],
  'payment.fraud': ['cpu_burn', 'latency'],
  'inventory.db': ['latency'],
  'catalog.db': ['latency'],
  'order.payment_client': ['connection_reset', 'latency'],
  'process.memory': ['memory_leak'],
  'order.retry_worker': ['stop_heartbeat'],
};

const ms = (what: string) =>
  z.number().int(`${what} must be whole milliseconds`).min(0, `${what} must not be negative`);

/** Parameters per kind, with the defaults a realistic failure has. */
export const PARAMS_BY_KIND = {
  error: z.object({
    status: z
      .number()
      .int()
      .min(400, 'must be an HTTP error status (400–599)')
      .max(599, 'must be an HTTP error status (400–599)')
      .default(503),
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a snake_case code')
      .default('service_unavailable'),
  }),
  latency: z.object({ ms: ms('ms'), jitterMs: ms('jitterMs').default(0) }),
  timeout: z.object({ ms: ms('ms').default(30_000) }),
  connection_reset: z.object({ afterMs: ms('afterMs').default(0) }),
  decline: z.object({
    code: z
      .enum(['card_declined', 'insufficient_funds', 'stolen_card', 'fraud_suspected'])
      .default('card_declined'),
  }),
  wrong_answer: z.object({}),
  cpu_burn: z.object({
    factor: z
      .number()
      .min(1, 'must be at least 1')
      .max(10_000, 'must be at most 10000')
      .default(50),
  }),
  memory_leak: z.object({
    mbPerMinute: z
      .number()
      .positive('must be more than 0')
      .max(1024, 'must be at most 1024')
      .default(20),
    maxMb: z
      .number()
      .positive('must be more than 0')
      .max(4096, 'must be at most 4096')
      .default(512),
  }),
  stop_heartbeat: z.object({}),
} satisfies Record<FaultKind, z.ZodType>;

export type FaultParams<K extends FaultKind = FaultKind> = z.infer<(typeof PARAMS_BY_KIND)[K]>;

/** A fault as the admin API takes it. */
export const faultRuleInput = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 _ . -')
      .optional(),
    point: z.enum(FAULT_POINTS, { error: `must be one of ${FAULT_POINTS.join(', ')}` }),
    kind: z.enum(FAULT_KINDS, { error: `must be one of ${FAULT_KINDS.join(', ')}` }),
    probability: z
      .number()
      .min(0, 'must be between 0 and 1')
      .max(1, 'must be between 0 and 1')
      .default(1),
    params: z.record(z.string(), z.unknown()).default({}),
    /** Only where every key equals the point's context value (e.g. { cardBrand: 'visa' }). */
    match: z.record(z.string(), z.string()).default({}),
    until: z.iso.datetime({ error: 'must be an ISO 8601 date-time' }).optional(),
    durationSeconds: z
      .number()
      .positive('must be more than 0')
      .max(86_400, 'must be at most 86400 (a day)')
      .optional(),
  })
  .strict();
export type FaultRuleInput = z.input<typeof faultRuleInput>;

/** A validated fault, active until `until`. */
export interface FaultRule {
  id: string;
  point: FaultPoint;
  kind: FaultKind;
  probability: number;
  params: Record<string, unknown>;
  match: Record<string, string>;
  until: string;
}

/** Faults expire by themselves so a forgotten one does not break the next workshop. */
export const DEFAULT_FAULT_DURATION_SECONDS = 3600;
