import { EXPIRY, isExpired } from '@faultline/contracts';
import type { CheckoutRequest } from '@faultline/contracts';
import { SpanStatusCode } from '@opentelemetry/api';
import { useRef, useState } from 'react';
import type { SubmitEvent } from 'react';
import { isApiError } from '../api/api-error';
import { placeOrder } from '../api/shop-api';
import type { Order } from '../api/shop-api';
import { usePageTitle } from '../components/page-title';
import { Link, navigate } from '../routing/navigation';
import { paths } from '../routing/routes';
import { cartTotal, unitCount } from '../shop/cart';
import { useCart } from '../shop/cart-context';
import { createCheckoutAttempts } from '../shop/checkout-attempt';
import { checkoutProblemOf } from '../shop/checkout-problem';
import type { CheckoutProblem } from '../shop/checkout-problem';
import { formatMoney, timesQuantity } from '../shop/money';
import { PREFILLED_CVV, TEST_CARDS, prefilledExpiry } from '../shop/test-cards';
import { customerIdentity } from '../telemetry/customer';
import { inUserAction } from '../telemetry/user-action';

type Field = 'customerId' | 'expiry' | 'cvv' | 'card';
type FieldErrors = Partial<Record<Field, string>>;

/** Field names of the checkout body (as a 400/422 names them) → the form's fields. */
const FIELD_OF: Record<string, Field> = {
  customerId: 'customerId',
  'payment.expiry': 'expiry',
  'payment.cvv': 'cvv',
  'payment.cardNumber': 'card',
};

function validate(customerId: string, expiry: string, cvv: string, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (customerId.trim() === '') errors.customerId = 'Enter your customer ID.';
  else if (customerId.trim().length > 64) errors.customerId = 'Use at most 64 characters.';
  if (!EXPIRY.test(expiry)) errors.expiry = 'Enter the expiry date as MM/YY, for example 12/30.';
  else if (isExpired(expiry, now)) errors.expiry = 'This card has expired.';
  if (!/^\d{3,4}$/.test(cvv)) errors.cvv = 'Enter the 3 or 4 digits of the security code.';
  return errors;
}

type Outcome = { order: Order } | { problem: CheckoutProblem };

/** The checkout form: who is ordering, which test card pays, and the answer in the shop's words. */
export function CheckoutPage() {
  usePageTitle('Checkout');
  const { cart, dispatch } = useCart();
  const [customerId, setCustomerId] = useState(() => customerIdentity.current() ?? '');
  const [cardIndex, setCardIndex] = useState(0);
  const [expiry, setExpiry] = useState(() => prefilledExpiry(new Date()));
  const [cvv, setCvv] = useState(PREFILLED_CVV);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<CheckoutProblem>();
  const [placing, setPlacing] = useState(false);
  const attempts = useRef(createCheckoutAttempts());
  const placingNow = useRef(false);
  /** Set with a new problem: focus goes to it as soon as React has shown it. */
  const focusProblem = useRef(false);
  const customerIdInput = useRef<HTMLInputElement>(null);
  const cardInput = useRef<HTMLInputElement>(null);
  const expiryInput = useRef<HTMLInputElement>(null);
  const cvvInput = useRef<HTMLInputElement>(null);
  const total = cartTotal(cart);

  if (cart.length === 0 || !total) {
    return (
      <>
        <h1 tabIndex={-1}>Checkout</h1>
        <p>Your cart is empty, so there is nothing to pay for.</p>
        <p>
          <Link to={paths.products}>Browse the products</Link>
        </p>
      </>
    );
  }

  const showProblem = (next: CheckoutProblem) => {
    // Once React has shown it (the ref below, at commit): focus on the message so it is read out
    // and seen. Not in the next animation frame: on a busy machine that came before the commit.
    focusProblem.current = true;
    setProblem(next);
  };

  const showFieldErrors = (next: FieldErrors) => {
    setErrors(next);
    const inputs = {
      customerId: customerIdInput,
      card: cardInput,
      expiry: expiryInput,
      cvv: cvvInput,
    };
    const first = (['customerId', 'card', 'expiry', 'cvv'] as const).find((field) => next[field]);
    if (first) requestAnimationFrame(() => inputs[first].current?.focus());
  };

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (placingNow.current) return;
    const found = validate(customerId, expiry, cvv, new Date());
    if (Object.keys(found).length > 0) {
      setProblem(undefined);
      showFieldErrors(found);
      return;
    }
    setErrors({});
    setProblem(undefined);
    const card = TEST_CARDS[cardIndex] ?? TEST_CARDS[0];
    if (!card) return;
    const request: CheckoutRequest = {
      customerId: customerId.trim(),
      items: cart.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      payment: { cardNumber: card.number, expiry, cvv },
    };
    const key = attempts.current.keyFor(request);
    // Before the span starts, so the click's whole trace carries enduser.id.
    customerIdentity.remember(request.customerId);
    placingNow.current = true;
    setPlacing(true);
    const outcome = await inUserAction(
      'place_order',
      { 'cart.lines': cart.length, 'cart.units': unitCount(cart) },
      async (span): Promise<Outcome> => {
        try {
          const order = await placeOrder(request, key);
          span.setAttributes({ 'order.id': order.id, 'order.status': order.status });
          return { order };
        } catch (error) {
          const found = checkoutProblemOf(
            error,
            (sku) => cart.find((l) => l.sku === sku)?.name ?? sku,
          );
          if (isApiError(error)) {
            span.setAttribute('http.response.status_code', error.status);
            if (error.code) span.setAttribute('checkout.problem', error.code);
          }
          // A declined card or missing stock is the shop working; no answer or a 5xx is not.
          if (!isApiError(error) || error.status === 0 || error.status >= 500) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: found.title });
          }
          return { problem: found };
        }
      },
    );
    placingNow.current = false;
    setPlacing(false);
    if ('order' in outcome) {
      dispatch({ type: 'clear' });
      navigate(paths.order(outcome.order.id));
      return;
    }
    if (outcome.problem.fix === 'fields' && outcome.problem.fields) {
      const mapped: FieldErrors = {};
      for (const [name, reason] of Object.entries(outcome.problem.fields)) {
        const field = FIELD_OF[name];
        if (field) mapped[field] = reason;
      }
      setErrors(mapped);
    }
    showProblem(outcome.problem);
  };

  const describedBy = (field: Field, hint?: string) =>
    [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <>
      <h1 tabIndex={-1}>Checkout</h1>
      <section aria-labelledby="summary-heading" className="summary">
        <h2 id="summary-heading">Your order</h2>
        <ul>
          {cart.map((line) => (
            <li key={line.productId}>
              <span>
                {line.quantity} × {line.name}
              </span>
              <span>{formatMoney(timesQuantity(line.unitPrice, line.quantity))}</span>
            </li>
          ))}
        </ul>
        <p className="cart-total">
          Total <strong>{formatMoney(total)}</strong>
        </p>
        <p>
          <Link to={paths.cart}>Change your cart</Link>
        </p>
      </section>

      {problem && (
        <div
          ref={(element) => {
            if (element && focusProblem.current) {
              focusProblem.current = false;
              element.focus();
            }
          }}
          className="notice notice-problem"
          role="alert"
          tabIndex={-1}
          data-testid="checkout-problem"
        >
          <h2>{problem.title}</h2>
          <p>{problem.message}</p>
          {problem.fix === 'cart' && (
            <p>
              <Link to={paths.cart}>Update your cart</Link>
            </p>
          )}
        </div>
      )}

      <form className="checkout-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="customerId">Customer ID</label>
          <p id="customerId-hint" className="hint">
            Your account number, for example c-1001.
          </p>
          <input
            ref={customerIdInput}
            id="customerId"
            name="customerId"
            type="text"
            autoComplete="username"
            required
            maxLength={64}
            value={customerId}
            aria-invalid={errors.customerId ? true : undefined}
            aria-describedby={describedBy('customerId', 'customerId-hint')}
            onChange={(event) => {
              setCustomerId(event.target.value);
            }}
          />
          {errors.customerId && (
            <p id="customerId-error" className="field-error">
              {errors.customerId}
            </p>
          )}
        </div>

        <fieldset className="field" aria-describedby={describedBy('card', 'card-hint')}>
          <legend>Card</legend>
          <p id="card-hint" className="hint">
            These are the shop&apos;s test cards: no real money moves.
          </p>
          {TEST_CARDS.map((card, index) => (
            <div className="radio" key={card.number}>
              <input
                ref={index === cardIndex ? cardInput : undefined}
                type="radio"
                id={`card-${index}`}
                name="card"
                value={String(index)}
                checked={index === cardIndex}
                onChange={() => {
                  setCardIndex(index);
                }}
              />
              <label htmlFor={`card-${index}`}>
                <span className="card-number">{card.number}</span>{' '}
                <span className="muted">
                  {card.brand} · {card.outcome}
                </span>
              </label>
            </div>
          ))}
          {errors.card && (
            <p id="card-error" className="field-error">
              {errors.card}
            </p>
          )}
        </fieldset>

        <div className="field-row">
          <div className="field">
            <label htmlFor="expiry">Expiry date (MM/YY)</label>
            <input
              ref={expiryInput}
              id="expiry"
              name="expiry"
              type="text"
              inputMode="numeric"
              autoComplete="cc-exp"
              required
              maxLength={5}
              value={expiry}
              aria-invalid={errors.expiry ? true : undefined}
              aria-describedby={describedBy('expiry')}
              onChange={(event) => {
                setExpiry(event.target.value.trim());
              }}
            />
            {errors.expiry && (
              <p id="expiry-error" className="field-error">
                {errors.expiry}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="cvv">Security code (CVV)</label>
            <input
              ref={cvvInput}
              id="cvv"
              name="cvv"
              type="text"
              inputMode="numeric"
              autoComplete="cc-csc"
              required
              maxLength={4}
              value={cvv}
              aria-invalid={errors.cvv ? true : undefined}
              aria-describedby={describedBy('cvv')}
              onChange={(event) => {
                setCvv(event.target.value.trim());
              }}
            />
            {errors.cvv && (
              <p id="cvv-error" className="field-error">
                {errors.cvv}
              </p>
            )}
          </div>
        </div>

        <button type="submit" className="button button-primary" aria-disabled={placing}>
          {placing ? 'Placing your order…' : 'Place order'}
        </button>
        <p className="muted">
          You pay {formatMoney(total)}. You are charged at most once, even if you press twice.
        </p>
      </form>
    </>
  );
}
