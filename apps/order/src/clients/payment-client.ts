import { clientFaults } from '@faultline/faults';
import type { Faults } from '@faultline/faults';
import {
  capturedPaymentSchema,
  paymentDeclinedProblemSchema,
  paymentInProgressProblemSchema,
  refundedPaymentSchema,
} from '@faultline/contracts';
import type { ChargeRequest as ChargeBody } from '@faultline/contracts';
import { createServiceClient } from '@faultline/instrumented';
import type { PaymentClient } from '../domain/ports';
import type { DownstreamOptions } from './catalog-client';
import { problemCode, readAnswer } from './read-answer';

interface PaymentClientOptions extends DownstreamOptions {
  breakerVolumeThreshold: number;
  breakerResetMs: number;
  /** The order.payment_client fault point (latency, connection resets). */
  faults?: Faults | undefined;
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
      ? { interceptor: clientFaults(options.faults, 'order.payment_client', 'payment') }
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
      // The internal wire names the card `{ number, expiry, cvv }`, as payment's route parses it.
      const body: ChargeBody = {
        orderId: request.orderId,
        amount: request.amount,
        card: {
          number: request.card.cardNumber,
          expiry: request.card.expiry,
          cvv: request.card.cvv,
        },
      };
      const response = await client.call({
        method: 'POST',
        path: '/payments',
        idempotencyKey: request.idempotencyKey,
        body,
      });
      const what = 'a charge';
      if (response.status === 201) {
        const payment = readAnswer('payment', what, capturedPaymentSchema, response);
        return { outcome: 'captured', paymentId: payment.id };
      }
      if (response.status === 402) {
        const declined = readAnswer('payment', what, paymentDeclinedProblemSchema, response);
        return {
          outcome: 'declined',
          declineCode: declined.decline_code,
          paymentId: declined.payment_id,
        };
      }
      const code = problemCode(response.body);
      if (response.status === 409 && code === 'payment_in_progress') {
        readAnswer('payment', what, paymentInProgressProblemSchema, response);
        return { outcome: 'in_progress' };
      }
      return { outcome: 'rejected', code: code ?? `http_${response.status}` };
    },
    async refund(paymentId) {
      const response = await client.call({
        method: 'POST',
        path: `/payments/${encodeURIComponent(paymentId)}/refund`,
        idempotencyKey: `refund-${paymentId}`,
      });
      if (response.status !== 200) {
        throw new Error(
          `payment refused to refund ${paymentId}: ${problemCode(response.body) ?? response.status}`,
        );
      }
      readAnswer('payment', 'a refund', refundedPaymentSchema, response);
    },
    close: () => {
      client.close();
    },
  };
}
