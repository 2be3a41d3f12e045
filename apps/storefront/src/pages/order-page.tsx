import { useEffect, useState } from 'react';
import { isApiError } from '../api/api-error';
import { getOrder } from '../api/shop-api';
import type { Order } from '../api/shop-api';
import { loadProblemText } from '../components/load-problem';
import { usePageTitle } from '../components/page-title';
import { Link } from '../routing/navigation';
import { paths } from '../routing/routes';
import { formatMoney, timesQuantity } from '../shop/money';
import { isSettled, pollDelayMs, statusView } from '../shop/order-status';

type Seen =
  | { state: 'loading' }
  | { state: 'missing' }
  | { state: 'known'; order: Order; refreshProblem?: unknown }
  | { state: 'failed'; error: unknown };

/**
 * Follows an order until it settles (the page is keyed by the order id, so it starts loading): asks again while it is pending (soon, then less often), and
 * says honestly what it is waiting for. A failed refresh keeps what was known and keeps trying.
 */
function useOrderUntilSettled(id: string): Seen {
  const [seen, setSeen] = useState<Seen>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const poll = async (): Promise<void> => {
      try {
        const order = await getOrder(id, controller.signal);
        if (controller.signal.aborted) return;
        setSeen({ state: 'known', order });
        if (isSettled(order.status)) return;
      } catch (error) {
        if (controller.signal.aborted) return;
        if (isApiError(error) && error.status === 404) {
          setSeen({ state: 'missing' });
          return;
        }
        setSeen((previous) =>
          previous.state === 'known'
            ? { ...previous, refreshProblem: error }
            : { state: 'failed', error },
        );
      }
      timer = setTimeout(() => void poll(), pollDelayMs(attempt++));
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id]);
  return seen;
}

/** One order: its status in plain words (updating by itself until it settles) and what is in it. */
export function OrderPage({ id }: { id: string }) {
  const seen = useOrderUntilSettled(id);
  const status = seen.state === 'known' ? statusView(seen.order.status) : undefined;
  usePageTitle(status ? `Order: ${status.title}` : 'Your order');

  if (seen.state === 'missing') {
    return (
      <>
        <h1 tabIndex={-1}>We cannot find that order</h1>
        <p>
          Check the link, or <Link to={paths.products}>go back to the shop</Link>.
        </p>
      </>
    );
  }

  return (
    <>
      <h1 tabIndex={-1}>Your order</h1>
      {seen.state === 'loading' && <p role="status">Loading your order…</p>}
      {seen.state === 'failed' && (
        <div className="notice notice-problem" role="alert">
          <p>{loadProblemText(seen.error, 'your order')} We keep trying.</p>
        </div>
      )}
      {seen.state === 'known' && status && (
        <>
          <div
            className={`notice notice-${status.tone}`}
            role="status"
            aria-live="polite"
            data-testid="order-status"
            data-status={seen.order.status}
          >
            <h2>{status.title}</h2>
            <p>{status.message}</p>
            {!isSettled(seen.order.status) && (
              <p className="muted">
                <span className="spinner" aria-hidden="true" /> Checking again shortly…
              </p>
            )}
            {seen.refreshProblem !== undefined && (
              <p className="muted">We cannot check on your order right now; we keep trying.</p>
            )}
          </div>
          <section aria-labelledby="order-items-heading" className="summary">
            <h2 id="order-items-heading">Order details</h2>
            <p className="muted">
              Order number <span className="mono">{seen.order.id}</span>
            </p>
            <ul>
              {seen.order.items.map((line) => (
                <li key={line.productId}>
                  <span>
                    {line.quantity} × {line.name}
                  </span>
                  <span>{formatMoney(timesQuantity(line.unitPrice, line.quantity))}</span>
                </li>
              ))}
            </ul>
            <p className="cart-total">
              Total <strong>{formatMoney(seen.order.total)}</strong>
            </p>
          </section>
          <p>
            <Link to={paths.products}>Continue shopping</Link>
          </p>
        </>
      )}
    </>
  );
}
