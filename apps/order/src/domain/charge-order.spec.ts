import { inMemoryCheckout, TEST_CARD as card } from '../test/in-memory';
import type { InMemoryCheckout } from '../test/in-memory';
import { chargeOrder } from './charge-order';
import type { Order } from './order';

/** chargeOrder with every port in memory: each outcome of the charge and of the settlement. */
describe('chargeOrder', () => {
  let c: InMemoryCheckout;
  let order: Order;
  beforeEach(async () => {
    c = inMemoryCheckout(3);
    order = { ...(await c.insertOrder()), reservationId: 'res-1' };
  });
  const row = () => c.orders.rows.get('ord-1')!;
  const refunds = async (outcome: string) =>
    (await c.deps.metrics.refunds.get()).values.find((v) => v.labels['outcome'] === outcome)?.value;

  it('pays: commits the stock, keeps the 201 answer and erases the card', async () => {
    const result = await chargeOrder(order, card, 0, c.deps);
    expect(result.outcome).toBe('paid');
    expect(result.answer.status).toBe(201);
    expect(row().order.status).toBe('paid');
    expect(row().reservationSettled).toBe(true);
    expect(row().sealedCard).toBeNull();
    expect(c.inventory.calls).toEqual(['commit res-1']);
  });

  it('counts a paid order with its revenue whichever try paid it, and neither when it is not paid', async () => {
    const paid = async () => ({
      orders: (await c.deps.metrics.paidOrders.get()).values.reduce((sum, v) => sum + v.value, 0),
      revenue: (await c.deps.metrics.revenue.get()).values.reduce((sum, v) => sum + v.value, 0),
    });
    c.payments.script.charge.push('down');
    expect((await chargeOrder(order, card, 0, c.deps)).outcome).toBe('retry');
    expect(await paid()).toEqual({ orders: 0, revenue: 0 });
    // The retry worker's second try pays it: counted now, as a first answer would have been.
    expect((await chargeOrder(order, card, 1, c.deps)).outcome).toBe('paid');
    expect(await paid()).toEqual({ orders: 1, revenue: order.total.amount });
  });

  it('pays but leaves the commit to the worker when inventory is unreachable', async () => {
    c.inventory.script.commit.push('down');
    const result = await chargeOrder(order, card, 0, c.deps);
    expect(result.outcome).toBe('paid');
    expect(row().reservationSettled).toBe(false);
  });

  it('refunds and fails the order when the units were sold meanwhile', async () => {
    c.inventory.script.commit.push({ committed: false, reason: 'stock_gone' });
    const result = await chargeOrder(order, card, 0, c.deps);
    expect(result.outcome).toBe('failed');
    expect(result.answer).toMatchObject({ status: 409, body: { code: 'stock_unavailable' } });
    expect(c.payments.calls).toEqual(['charge order-ord-1', 'refund pay-1']);
    expect(row().order).toMatchObject({ status: 'failed', paymentId: 'pay-1' });
    expect(row().order.failureReason).toMatch(/sold meanwhile; the charge was refunded/);
    expect(await refunds('refunded')).toBe(1);
  });

  it('keeps the order as refund_pending when payment cannot refund now, and abandons it at the limit', async () => {
    c.inventory.script.commit.push({ committed: false, reason: 'stock_gone' });
    c.payments.script.refund.push('down');
    await chargeOrder(order, card, 0, c.deps);
    expect(row().order.status).toBe('refund_pending');
    expect(row().nextAttemptAt).not.toBeNull();
    expect(await refunds('deferred')).toBe(1);
  });

  it('releases the stock and keeps the 402 when the card is declined', async () => {
    c.payments.script.charge.push({
      outcome: 'declined',
      declineCode: 'card_declined',
      paymentId: 'pay-2',
    });
    const result = await chargeOrder(order, card, 0, c.deps);
    expect(result).toMatchObject({ outcome: 'declined', answer: { status: 402 } });
    expect(c.inventory.calls).toEqual(['release res-1']);
    expect(row().order.status).toBe('declined');
  });

  it('defers while tries remain, then gives up at the limit and releases the stock', async () => {
    c.payments.script.charge.push('down', 'down');
    expect((await chargeOrder(order, card, 2, c.deps)).outcome).toBe('retry');
    expect(row().order.status).toBe('payment_pending');
    expect(c.inventory.calls).toEqual([]);
    expect((await chargeOrder(order, card, 3, c.deps)).outcome).toBe('failed');
    expect(row().order.status).toBe('failed');
    expect(c.inventory.calls).toEqual(['release res-1']);
  });
});
