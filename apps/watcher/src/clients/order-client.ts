import {
  checkoutRequestSchema,
  orderAnswerSchema,
  parseAnswer,
  problemSchema,
} from '@faultline/contracts';
import { createServiceClient, isServiceCallError } from '@faultline/instrumented';
import type { Logger, Metrics, ServiceResponse } from '@faultline/instrumented';
import type { CheckoutReply, ShopCheckout } from '../domain/ports';

export interface OrderClientOptions {
  baseUrl: string;
  /** The call is aborted after this long. */
  timeoutMs: number;
  clock: () => Date;
  metrics: Metrics;
  logger: Logger;
}

/** A 201 or 202 is an order (read with its contract); anything else a problem with a code. */
function readReply(response: ServiceResponse): CheckoutReply {
  const reply = { kind: 'answer' as const, httpStatus: response.status };
  if (response.status === 201 || response.status === 202) {
    try {
      const order = parseAnswer(orderAnswerSchema, response.body, `order's ${response.status}`);
      return { ...reply, orderStatus: order.status, orderId: order.id };
    } catch (error) {
      return { ...reply, contractError: error instanceof Error ? error.message : String(error) };
    }
  }
  const problem = problemSchema.safeParse(response.body);
  return problem.success ? { ...reply, problemCode: problem.data.code } : reply;
}

/**
 * The order service's public checkout, called exactly as a customer calls it: no retry (a retry
 * would hide the failure the check exists to see) and no breaker that could ever fail fast
 * instead of asking, since one call every 30 s is no load to shed.
 */
export function orderClient(options: OrderClientOptions): ShopCheckout & { close(): void } {
  const client = createServiceClient({
    peerService: 'order',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    metrics: options.metrics,
    logger: options.logger,
    breaker: { volumeThreshold: Number.MAX_SAFE_INTEGER },
  });
  // The request is checked with the schema the order route uses, so a bad one fails here, named.
  const request = checkoutRequestSchema(options.clock);
  return {
    async placeOrder(body, idempotencyKey) {
      request.parse(body);
      try {
        return readReply(
          await client.call({ method: 'POST', path: '/orders', body, idempotencyKey }),
        );
      } catch (error) {
        if (!isServiceCallError(error)) throw error;
        if (error.kind === 'upstream_5xx' && error.status !== undefined) {
          return readReply({ status: error.status, headers: new Headers(), body: error.body });
        }
        return { kind: 'no_answer', reason: error.message };
      }
    },
    close: () => {
      client.close();
    },
  };
}
