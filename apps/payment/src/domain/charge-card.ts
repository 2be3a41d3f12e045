import { markSpanFailed, withSpan } from '@faultline/instrumented';
import { cardBrand } from './card';
import type { DeclineCode } from './payment';
import type { PaymentMetrics } from './payment-metrics';
import { GatewayError } from './ports';
import type { CardGateway, ChargeRequest } from './ports';

/** A gateway call's result as data: a failure is an outcome the story handles, not a throw. */
export type ChargeResult =
  | { outcome: 'captured'; reference: string }
  | { outcome: 'declined'; declineCode: DeclineCode }
  | { outcome: 'gateway_error'; error: GatewayError };

async function callGateway(gateway: CardGateway, request: ChargeRequest): Promise<ChargeResult> {
  try {
    const answer = await gateway.charge(request);
    return answer.status === 'approved'
      ? { outcome: 'captured', reference: answer.reference }
      : { outcome: 'declined', declineCode: answer.declineCode };
  } catch (error) {
    // Whatever went wrong, the charge may or may not have happened: treat it as a gateway failure,
    // which a retry with the same key resolves without charging twice.
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError('gateway_unavailable', 'the card gateway call failed', { cause: error });
    return { outcome: 'gateway_error', error: failure };
  }
}

/**
 * Charges the card in a `card_gateway.charge` span, timing the call. A failure marks the span
 * failed with the gateway's code, so traces of a failing gateway show why.
 */
export function chargeCard(
  gateway: CardGateway,
  metrics: PaymentMetrics,
  request: ChargeRequest,
): Promise<ChargeResult> {
  const attributes = {
    'payment.gateway': gateway.name,
    // The brand is what a decline spike for one network is found by; never the number itself.
    'payment.card_brand': cardBrand(request.card.number),
  };
  return withSpan('card_gateway.charge', attributes, async (span) => {
    const started = process.hrtime.bigint();
    const result = await callGateway(gateway, request);
    metrics.gatewayResponded(result.outcome, Number(process.hrtime.bigint() - started) / 1e9);
    span.setAttribute('payment.outcome', result.outcome);
    if (result.outcome === 'declined')
      span.setAttribute('payment.decline_code', result.declineCode);
    if (result.outcome === 'gateway_error') {
      span.setAttribute('gateway.error_code', result.error.code);
      if (result.error.httpStatus !== undefined) {
        span.setAttribute('gateway.http_status', result.error.httpStatus);
      }
      markSpanFailed(span, result.error, result.error.code);
    }
    return result;
  });
}
