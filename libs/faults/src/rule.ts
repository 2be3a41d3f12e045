import { z } from 'zod';
import { FAULT_KINDS, FAULT_POINTS } from './vocabulary';
import type { FaultKind, FaultKindAt, FaultPoint } from './vocabulary';

export { FAULT_KINDS, FAULT_POINTS, KINDS_BY_POINT } from './vocabulary';
export type { FaultKind, FaultKindAt, FaultPoint } from './vocabulary';

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

/** The validated parameters of a kind (defaults filled in). */
export type FaultParams<K extends FaultKind> = z.output<(typeof PARAMS_BY_KIND)[K]>;

/**
 * A kind with its parameters, parsed together so the parameters come out typed by their kind
 * (an error's `status` and `code`, a latency's `ms` and `jitterMs`…) and a bad one is named
 * `params.<field>`.
 */
export const kindWithParams = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('error'), params: PARAMS_BY_KIND.error }),
  z.object({ kind: z.literal('latency'), params: PARAMS_BY_KIND.latency }),
  z.object({ kind: z.literal('timeout'), params: PARAMS_BY_KIND.timeout }),
  z.object({ kind: z.literal('connection_reset'), params: PARAMS_BY_KIND.connection_reset }),
  z.object({ kind: z.literal('decline'), params: PARAMS_BY_KIND.decline }),
  z.object({ kind: z.literal('wrong_answer'), params: PARAMS_BY_KIND.wrong_answer }),
  z.object({ kind: z.literal('cpu_burn'), params: PARAMS_BY_KIND.cpu_burn }),
  z.object({ kind: z.literal('memory_leak'), params: PARAMS_BY_KIND.memory_leak }),
  z.object({ kind: z.literal('stop_heartbeat'), params: PARAMS_BY_KIND.stop_heartbeat }),
]);
/** A kind and its typed parameters: narrowing on `kind` types `params`. */
export type KindWithParams = z.output<typeof kindWithParams>;

/** A fault as the admin API takes it (its `params` are checked against its kind afterwards). */
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

/** What every rule has, whatever its kind. */
export interface FaultRuleCommon {
  id: string;
  point: FaultPoint;
  probability: number;
  match: Record<string, string>;
  until: string;
}

/** A validated fault, active until `until`; its `params` are typed by its `kind`. */
export type FaultRule = FaultRuleCommon & KindWithParams;

/** A rule of kind `K`. */
export type FaultRuleOf<K extends FaultKind> = Extract<FaultRule, { kind: K }>;

/** A rule that can fire at point `P` (only the kinds KINDS_BY_POINT allows there). */
export type FaultRuleAt<P extends FaultPoint> = FaultRuleOf<FaultKindAt<P>> & { point: P };

/** Faults expire by themselves so a forgotten one does not break the next workshop. */
export const DEFAULT_FAULT_DURATION_SECONDS = 3600;
