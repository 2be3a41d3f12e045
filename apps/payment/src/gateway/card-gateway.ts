import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from '@faultline/postgres';
import { issuerDecline } from './test-cards';
import type { IssuerDeclineCode } from './test-cards';
import { recordCharge } from './charge-ledger';
import { gatewayLatencyMs } from './latency';
import type { CardDetails } from '../domain/card';
import type { Money } from '../domain/payment';

export interface ChargeRequest {
  /** The gateway charges a key at most once; retrying with the same key is always safe. */
  chargeKey: string;
  amount: Money;
  card: CardDetails;
}

/** What the gateway answers when it answers at all. */
export type GatewayAnswer =
  | { status: 'approved'; reference: string }
  | { status: 'declined'; declineCode: IssuerDeclineCode };

/** A card gateway: approves or declines a charge, or throws a GatewayError. */
export interface CardGateway {
  /** Shown as the `payment.gateway` span attribute. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<GatewayAnswer>;
}

/** How a gateway call failed. Whether the card was charged is unknown: retry with the same key. */
export type GatewayErrorCode = 'gateway_unavailable' | 'gateway_timeout';

/** The gateway did not give an answer. */
export class GatewayError extends Error {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayError';
  }
}

export interface SimulatedGatewayOptions {
  /** Holds the gateway's ledger (gateway_charges). */
  pool: Pool;
  latencyMedianMs: number;
  /** Uniform [0, 1); seeded in tests. */
  random?: () => number;
  /** Waits out the simulated latency; tests may skip it. */
  sleep?: (ms: number) => Promise<void>;
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
      await sleep(gatewayLatencyMs(options.latencyMedianMs, random));
      const declineCode = issuerDecline(request.card.number);
      if (declineCode !== undefined) return { status: 'declined', declineCode };
      const reference = await recordCharge(options.pool, request.chargeKey, request.amount);
      return { status: 'approved', reference };
    },
  };
}
