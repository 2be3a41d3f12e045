import { orderAnswerSchema, problemSchema } from '@faultline/contracts';
import { createServiceClient, isServiceCallError } from '@faultline/instrumented';
import type { ServiceResponse } from '@faultline/instrumented';
import type { Orders, PassedAnswer } from '../domain/ports';
import type { UpstreamOptions } from './catalog-client';
import { readAnswer } from './read-answer';

/** An order (201 paid, 202 payment_pending, 200 looked up) or a problem, read with its contract. */
function passOn(what: string, answer: { status: number; body: unknown }): PassedAnswer {
  const schema = answer.status < 300 ? orderAnswerSchema : problemSchema;
  return { status: answer.status, body: readAnswer('order', what, schema, answer) };
}

/**
 * Order's public API, called as the customer's agent: no retry (the customer retries, with the same
 * Idempotency-Key) and no breaker, since order's 5xx are answers the customer must see as order
 * gave them, and the gateway must not turn a workshop's failing dependency into fast failures of
 * its own. The timeout bounds the wait instead.
 */
export function orderClient(options: UpstreamOptions): Orders & { close(): void } {
  const client = createServiceClient({
    peerService: 'order',
    ...options,
    breaker: { volumeThreshold: Number.MAX_SAFE_INTEGER },
  });
  const call = async (what: string, send: () => Promise<ServiceResponse>) => {
    try {
      return passOn(what, await send());
    } catch (error) {
      // A 5xx problem of order's own (503 with a dependency down, 502 payment failed) is an answer.
      if (isServiceCallError(error) && error.kind === 'upstream_5xx' && error.status !== undefined)
        return passOn(what, { status: error.status, body: error.body });
      throw error;
    }
  };
  return {
    place: (idempotencyKey, checkout) =>
      call('a checkout', () =>
        client.call({ method: 'POST', path: '/orders', body: checkout, idempotencyKey }),
      ),
    find: (id) =>
      call('an order lookup', () =>
        client.call({ method: 'GET', path: `/orders/${encodeURIComponent(id)}` }),
      ),
    close: () => {
      client.close();
    },
  };
}
