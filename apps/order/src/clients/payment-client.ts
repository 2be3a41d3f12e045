import { createServiceClient } from '@faultline/instrumented';
import type { Faults } from '@faultline/instrumented';
import type { Card } from '../domain/card';
import type { Money } from '../domain/order';
import type { DownstreamOptions } from './catalog-client';

export interface ChargeRequest {
  orderId: string;
  idempotencyKey: string;
  amount: Money;
  card: Card;
}

export type ChargeResult =
  | { outcome: 'captured'; paymentId: string }
  | { outcome: 'declined'; declineCode: string; paymentId: string | undefined }
  /** Payment is still working on this key (another try holds it): ask again later. */
  | { outcome: 'in_progress' }
  /** Payment refused the request itself (it will never succeed as sent). */
  | { outcome: 'rejected'; code: string };

export interface PaymentClient {
  /**
   * Charges the card once per idempotency key. Payment being slow, failing, unreachable or behind
   * an open breaker throws a ServiceCallError: the charge may be retried later with the same key.
   */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Gives a captured payment's money back (idempotent). Payment unreachable or refusing throws:
   * the refund is tried again later.
   */
  refund(paymentId: string): Promise<void>;
  breakerState(): string;
  close(): void;
}

export interface PaymentClientOptions extends DownstreamOptions {
  breakerVolumeThreshold: number;
  breakerResetMs: number;
  /** The order.payment_client fault point (latency, connection resets). */
  faults?: Faults | undefined;
}

interface PaymentAnswer {
  id?: string;
  code?: string;
  decline_code?: string;
  payment_id?: string;
}

export function paymentClient(options: PaymentClientOptions): PaymentClient {
  const client = createServiceClient({
    peerService: 'payment',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    serviceToken: options.serviceToken,
    metrics: options.metrics,
    logger: options.logger,
    ...(options.faults
      ? { faults: { engine: options.faults, point: 'order.payment_client' as const } }
      : {}),
    // No inline retries: a failing payment goes to the retry queue instead of holding the customer.
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    breaker: {
      volumeThreshold: options.breakerVolumeThreshold,
      errorThresholdPercentage: 50,
      resetTimeoutMs: options.breakerResetMs,
      rollingWindowMs: 10_000,
    },
  });
  return {
    async charge(request) {
      const response = await client.call<PaymentAnswer>({
        method: 'POST',
        path: '/payments',
        idempotencyKey: request.idempotencyKey,
        body: {
          orderId: request.orderId,
          amount: request.amount,
          card: {
            number: request.card.cardNumber,
            expiry: request.card.expiry,
            cvv: request.card.cvv,
          },
        },
      });
      const body = response.body;
      if (response.status === 201 && body.id !== undefined)
        return { outcome: 'captured', paymentId: body.id };
      if (response.status === 402) {
        return {
          outcome: 'declined',
          declineCode: body.decline_code ?? 'card_declined',
          paymentId: body.payment_id,
        };
      }
      if (response.status === 409 && body.code === 'payment_in_progress')
        return { outcome: 'in_progress' };
      return { outcome: 'rejected', code: body.code ?? `http_${response.status}` };
    },
    async refund(paymentId) {
      const response = await client.call<PaymentAnswer>({
        method: 'POST',
        path: `/payments/${encodeURIComponent(paymentId)}/refund`,
        idempotencyKey: `refund-${paymentId}`,
      });
      if (response.status !== 200) {
        throw new Error(
          `payment refused to refund ${paymentId}: ${response.body.code ?? response.status}`,
        );
      }
    },
    breakerState: () => client.breakerState(),
    close: () => {
      client.close();
    },
  };
}
