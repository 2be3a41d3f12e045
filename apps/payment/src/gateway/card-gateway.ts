import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { faultDelayMs } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import type { Pool } from '@faultline/postgres';
import { issuerDecline } from './test-cards';
import { recordCharge, refundCharge } from './charge-ledger';
import { gatewayLatencyMs } from './latency';
import { cardBrand } from '../domain/card';
import type { CardDetails } from '../domain/card';
import type { DeclineCode, Money } from '../domain/payment';

export interface ChargeRequest {
  /** The gateway charges a key at most once; retrying with the same key is always safe. */
  chargeKey: string;
  amount: Money;
  card: CardDetails;
}

/**
 * What the gateway answers when it answers at all. Its declines are the issuer's, or its own
 * fraud screen's (fraud_suspected) when a decline fault says so.
 */
export type GatewayAnswer =
  { status: 'approved'; reference: string } | { status: 'declined'; declineCode: DeclineCode };

/** What the gateway answers to a refund: money given back, or no such charge on its books. */
export type RefundAnswer = 'refunded' | 'charge_not_booked';

/** A card gateway: approves or declines a charge, or throws a GatewayError. */
export interface CardGateway {
  /** Shown as the `payment.gateway` span attribute. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<GatewayAnswer>;
  /** Gives a charge's money back; refunding twice is harmless. */
  refund(reference: string): Promise<RefundAnswer>;
}

/**
 * How a gateway call failed (the gateway's own code, e.g. gateway_unavailable, gateway_timeout).
 * Whether the card was charged is unknown: retry with the same key.
 */
export type GatewayErrorCode = string;

/** The gateway did not give an answer. */
export class GatewayError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    options?: { cause?: unknown; httpStatus?: number },
  ) {
    super(message, options);
    this.name = 'GatewayError';
    this.httpStatus = options?.httpStatus;
  }

  /** The HTTP status the gateway answered with, when it answered at all. */
  readonly httpStatus: number | undefined;
}

export interface SimulatedGatewayOptions {
  /** Holds the gateway's ledger (gateway_charges). */
  pool: Pool;
  latencyMedianMs: number;
  /** Uniform [0, 1); seeded in tests. */
  random?: () => number;
  /** Waits out the simulated latency; tests may skip it. */
  sleep?: (ms: number) => Promise<void>;
  /** The `payment.gateway.charge` fault point: outages, slowness, declines, silent failures. */
  faults?: Faults;
}

/**
 * The simulated card gateway: network-like latency, test cards that decline deterministically, and
 * an idempotent ledger so one charge key is never charged twice.
 */
export function simulatedCardGateway(options: SimulatedGatewayOptions): CardGateway {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  return {
    name: 'simulated',
    async charge(request) {
      const fault = options.faults?.check('payment.gateway.charge', {
        cardBrand: cardBrand(request.card.number),
        currency: request.amount.currency,
      });
      const extraMs =
        fault?.kind === 'latency' && options.faults
          ? faultDelayMs(fault, options.faults.random)
          : 0;
      await sleep(gatewayLatencyMs(options.latencyMedianMs, random) + extraMs);
      if (fault?.kind === 'timeout') {
        await sleep(fault.params.ms);
        throw new GatewayError('gateway_timeout', 'the card gateway did not answer in time');
      }
      if (fault?.kind === 'error') {
        const { status, code } = fault.params;
        throw new GatewayError(code, `the card gateway answered ${status} ${code}`, {
          httpStatus: status,
        });
      }
      if (fault?.kind === 'decline') {
        return { status: 'declined', declineCode: fault.params.code };
      }
      if (fault?.kind === 'wrong_answer') {
        // The quiet failure: an approval with a reference the gateway never booked. Nothing is charged.
        return { status: 'approved', reference: `ch_${randomBytes(12).toString('hex')}` };
      }
      const declineCode = issuerDecline(request.card.number);
      if (declineCode !== undefined) return { status: 'declined', declineCode };
      const reference = await recordCharge(options.pool, request.chargeKey, request.amount);
      return { status: 'approved', reference };
    },
    async refund(reference) {
      await sleep(gatewayLatencyMs(options.latencyMedianMs, random));
      return (await refundCharge(options.pool, reference)) ? 'refunded' : 'charge_not_booked';
    },
  };
}
