import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { faultDelayMs } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import type { Pool } from '@faultline/postgres';
import { cardBrand } from '../domain/card';
import { GatewayError } from '../domain/ports';
import type { CardGateway } from '../domain/ports';
import { recordCharge, refundCharge } from './charge-ledger';
import { gatewayLatencyMs } from './latency';
import { issuerDecline } from './test-cards';

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
