import { SYNTHETIC_CUSTOMER_ID, SYNTHETIC_PRODUCT_ID } from '@faultline/contracts';
import type { CheckoutRequest } from '@faultline/contracts';
import { TIMED_OUT, markSpanFailed, withSpan, withTimeout } from '@faultline/instrumented';
import type { Logger, Metrics } from '@faultline/instrumented';
import type { CheckoutReply, ShopCheckout } from './ports';
import type { SyntheticOutcome, WatcherMetrics } from './watcher-metrics';

/** The test card the simulated gateway always approves. */
const PAYING_CARD = '4242 4242 4242 4242';

export interface SyntheticCheckoutDeps {
  shop: ShopCheckout;
  /** A check with no answer by then counts as failed. */
  timeoutMs: number;
  clock: () => Date;
  /** A fresh Idempotency-Key per check: each check is a new order, never a replay. */
  newKey: () => string;
  logger: Logger;
  metrics: Metrics;
  watcherMetrics: Pick<WatcherMetrics, 'checks' | 'checkDuration' | 'lastSuccess'>;
}

/** One synthetic checkout as it ended. */
export interface SyntheticCheckResult {
  outcome: SyntheticOutcome;
  durationMs: number;
  /** What the shop answered (or why it did not), in a few words. */
  reason: string;
  httpStatus?: number;
  orderId?: string;
}

/** One unit of the synthetic check item, paid with a card good for a few more years. */
function syntheticOrder(now: Date): CheckoutRequest {
  const year = String((now.getUTCFullYear() + 3) % 100).padStart(2, '0');
  return {
    customerId: SYNTHETIC_CUSTOMER_ID,
    items: [{ productId: SYNTHETIC_PRODUCT_ID, quantity: 1 }],
    payment: { cardNumber: PAYING_CARD, expiry: `12/${year}`, cvv: '123' },
  };
}

/** Paid means what a customer means: 201 with the order paid. Anything else is a failed purchase. */
function judge(reply: CheckoutReply | typeof TIMED_OUT, timeoutMs: number) {
  if (reply === TIMED_OUT) {
    return { outcome: 'failed' as const, reason: `no answer within ${timeoutMs} ms` };
  }
  if (reply.kind === 'no_answer') return { outcome: 'failed' as const, reason: reply.reason };
  const paid = reply.httpStatus === 201 && reply.orderStatus === 'paid';
  const said = reply.contractError ?? reply.orderStatus ?? reply.problemCode ?? 'no detail';
  return {
    outcome: paid ? ('paid' as const) : ('failed' as const),
    reason: `${reply.httpStatus} ${said}`,
    httpStatus: reply.httpStatus,
    ...(reply.orderId !== undefined && { orderId: reply.orderId }),
  };
}

/**
 * A synthetic checkout, as a story: buy one synthetic check item through the shop's public
 * checkout, judge the answer as a customer would, and record it (metrics, one log line, span).
 * It never throws and never takes longer than its timeout, whatever the shop does.
 */
export async function runSyntheticCheckout(
  deps: SyntheticCheckoutDeps,
): Promise<SyntheticCheckResult> {
  return withSpan('synthetic_checkout', { 'synthetic.check': true }, async (span) => {
    const started = performance.now();
    const placed = deps.shop
      .placeOrder(syntheticOrder(deps.clock()), deps.newKey())
      .catch((error: unknown): CheckoutReply => ({
        kind: 'no_answer',
        reason: error instanceof Error ? error.message : String(error),
      }));
    const verdict = judge(await withTimeout(placed, deps.timeoutMs), deps.timeoutMs);
    const result: SyntheticCheckResult = {
      ...verdict,
      durationMs: Math.round(performance.now() - started),
    };
    span.setAttributes({
      'synthetic.outcome': result.outcome,
      ...(result.orderId !== undefined && { 'order.id': result.orderId }),
    });
    if (result.outcome === 'failed') markSpanFailed(span, new Error(result.reason), result.reason);
    record(result, deps);
    return result;
  });
}

function record(result: SyntheticCheckResult, deps: SyntheticCheckoutDeps): void {
  const { checks, checkDuration, lastSuccess } = deps.watcherMetrics;
  checks.inc({ outcome: result.outcome });
  deps.metrics.observe(checkDuration, {}, result.durationMs / 1000);
  if (result.outcome === 'paid') lastSuccess.set(deps.clock().getTime() / 1000);
  const line = {
    event: 'synthetic_checkout',
    outcome: result.outcome,
    duration_ms: result.durationMs,
    reason: result.reason,
    ...(result.httpStatus !== undefined && { status_code: result.httpStatus }),
    ...(result.orderId !== undefined && { order_id: result.orderId }),
  };
  if (result.outcome === 'paid') {
    deps.logger.info(line, `synthetic checkout paid in ${result.durationMs} ms`);
  } else {
    deps.logger.warn(line, `synthetic checkout failed: ${result.reason}`);
  }
}
