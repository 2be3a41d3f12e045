import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { faultAdmin } from '@faultline/fault-admin';
import { eventually } from '@faultline/instrumented/testing';
import type { ReceivedSpan } from '@faultline/instrumented/testing';
import { freePort } from '@faultline/stack';
import type { ServiceName } from '@faultline/stack';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openShop } from './support/browser';
import type { ShopPage } from './support/browser';
import {
  CARDS,
  CARD_NUMBERS_AS_SENT,
  ORDER_HEADINGS,
  accessibilityProblems,
  addFromList,
  addToCartName,
  placeOrder,
  waitForOrderHeading,
} from './support/shop-pages';
import { startDeadStack } from './support/dead-stack';
import type { DeadStack } from './support/dead-stack';
import { ADMIN_TOKEN, startShopStack } from './support/shop-stack';
import type { ShopStack } from './support/shop-stack';

const SERVER = 2;
const CLIENT = 3;

describe('the storefront in Chromium, through the gateway, against the real services', () => {
  let shop: ShopStack;
  let browser: Browser | undefined;
  const opened: ShopPage[] = [];
  /**
   * The room the control room sees (CONTROL_STACKS): group-b, a second stack started only by the
   * tests that need it, on a port chosen now; and a stack that is down for good.
   */
  let groupBPort: number;
  let down: DeadStack;

  beforeAll(async () => {
    [groupBPort, down] = await Promise.all([freePort(), startDeadStack()]);
    [shop, browser] = await Promise.all([
      startShopStack({
        controlStacks: `group-b=http://127.0.0.1:${groupBPort},down=${down.url}`,
      }),
      launchChromium(),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.allSettled(opened.map((page) => page.close()));
    await browser?.close();
    await (shop as ShopStack | undefined)?.stop();
    await (down as DeadStack | undefined)?.close();
  }, 30_000);

  const open = async (): Promise<ShopPage> => {
    const page = await openShop(browser!, shop.shopUrl);
    opened.push(page);
    return page;
  };
  const expectScreenshot = async (shopPage: ShopPage, name: string): Promise<void> => {
    const path = await shopPage.screenshot(name);
    expect(existsSync(path) && statSync(path).size).toBeGreaterThan(1000);
  };
  const chargesFor = async (orderId: string): Promise<number> => {
    const rows = await shop.query<{ n: number }>(
      'payment',
      `SELECT count(*)::int AS n FROM gateway_charges g JOIN payments p ON g.idempotency_key = p.id::text
       WHERE p.order_id = $1`,
      [orderId],
    );
    return rows[0]?.n ?? -1;
  };

  it('browses, adds to the cart and pays with the paying card: the order page shows paid', async () => {
    const shopper = await open();
    const { page } = shopper;
    const home = await page.goto('/');
    // The gateway's CSP is in force, so "no console errors" below also means no CSP violations.
    expect(home?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1, name: 'Gear for the trail' }).waitFor();
    const stove = page.getByRole('listitem').filter({ hasText: 'Pocket gas stove' });
    expect(await stove.textContent()).toContain('€39.00');
    expect(await stove.textContent()).toContain('In stock');
    expect(await page.getByRole('list', { name: 'Products' }).getByRole('listitem').count()).toBe(
      20,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectScreenshot(shopper, 'product-list');

    await page.getByRole('link', { name: 'Pocket gas stove' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pocket gas stove' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/products/prd_04');
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: addToCartName('Pocket gas stove') }).click();
    await expectScreenshot(shopper, 'product-page');

    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    expect(await page.getByRole('list', { name: 'Items in your cart' }).textContent()).toContain(
      '€78.00',
    );
    await expectScreenshot(shopper, 'cart');

    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    expect(await page.getByLabel('Expiry date (MM/YY)').inputValue()).toMatch(/^12\/\d\d$/);
    expect(await page.getByLabel('Security code (CVV)').inputValue()).toBe('123');
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectScreenshot(shopper, 'checkout');

    await placeOrder(page, { customerId: 'c-browse', card: CARDS.pays });
    const { orderId, status } = await waitForOrderHeading(page, ORDER_HEADINGS.paid);
    expect(status).toBe('paid');
    expect(await page.getByText('Total €78.00').count()).toBe(1);
    expect(await chargesFor(orderId)).toBe(1);
    expect(await page.getByRole('link', { name: /^Cart/ }).textContent()).toContain('0');
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectScreenshot(shopper, 'order-paid');

    // A reload lands on the same order: the gateway answers client-side routes with the app.
    await page.reload();
    await waitForOrderHeading(page, ORDER_HEADINGS.paid);
    expect(shopper.problems).toEqual([]);
  });

  it('says clearly that a declined card was declined, keeps the cart, and charges nothing', async () => {
    const shopper = await open();
    const { page } = shopper;
    await addFromList(page, 'Headlamp 400 lm');
    await page.goto('/checkout');
    const answer = page.waitForResponse((res) => res.url().endsWith('/api/v1/orders'));
    await placeOrder(page, { customerId: 'c-declined', card: CARDS.declined });
    const declined = await answer;
    expect(declined.status()).toBe(402);

    const alert = page.getByTestId('checkout-problem');
    await alert.getByRole('heading', { name: 'Your card was declined' }).waitFor();
    expect(await alert.textContent()).toContain('Nothing was charged');
    expect(await alert.getAttribute('role')).toBe('alert');
    // Focus is on the message, so it is read out and seen at once (moved there in the next
    // animation frame, which a loaded machine may run a little later).
    const focused = await eventually(
      () => page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      (testId) => testId === 'checkout-problem',
      2000,
    );
    expect(focused).toBe('checkout-problem');
    expect(new URL(page.url()).pathname).toBe('/checkout');
    expect(await page.getByRole('link', { name: /^Cart/ }).textContent()).toContain('1');
    expect(await accessibilityProblems(page)).toEqual([]);
    await expectScreenshot(shopper, 'checkout-declined');

    const orderId = ((await declined.json()) as { order_id: string }).order_id;
    expect(await chargesFor(orderId)).toBe(0);
    const [order] = await shop.query<{ status: string }>(
      'order',
      'SELECT status FROM orders WHERE id = $1',
      [orderId],
    );
    expect(order?.status).toBe('declined');

    // Another card pays for the same cart: a new request, so a new Idempotency-Key.
    await placeOrder(page, { customerId: 'c-declined', card: CARDS.pays });
    await waitForOrderHeading(page, ORDER_HEADINGS.paid);
    expect(shopper.problems).toEqual([]);
  });

  it('shows low stock, and says which product ran out when the stock went before the order', async () => {
    await shop.setStock('FL-HAMMOCK', 3);
    const shopper = await open();
    const { page } = shopper;
    await page.goto('/');
    const hammock = page.getByRole('listitem').filter({ hasText: 'Ultralight hammock' });
    await hammock.getByText('Only 3 left').waitFor();
    await addFromList(page, 'Ultralight hammock');

    await shop.setStock('FL-HAMMOCK', 0); // sold elsewhere meanwhile
    await page.goto('/checkout');
    await placeOrder(page, { customerId: 'c-stock', card: CARDS.pays });
    const alert = page.getByTestId('checkout-problem');
    await alert.getByRole('heading', { name: 'Not enough stock' }).waitFor();
    expect(await alert.textContent()).toContain('Ultralight hammock is out of stock');
    expect(await alert.textContent()).toContain('Nothing was charged');
    await expectScreenshot(shopper, 'checkout-out-of-stock');

    await page.goto('/');
    await hammock.getByText('Out of stock').waitFor();
    expect(await hammock.getByRole('button', { name: /Ultralight hammock/ }).isDisabled()).toBe(
      true,
    );
    await shop.setStock('FL-HAMMOCK', 100000);
    expect(shopper.problems).toEqual([]);
  });

  it('asks to try again later when the shop cannot take orders, then takes the same order once', async () => {
    const shopper = await open();
    const { page } = shopper;
    await addFromList(page, 'Folding knife');
    await page.goto('/checkout');
    await shop.applyFault('order', {
      point: 'http.server',
      kind: 'error',
      probability: 1,
      match: { method: 'POST' },
      params: { status: 503, code: 'service_unavailable' },
    });
    try {
      await placeOrder(page, { customerId: 'c-later', card: CARDS.pays });
      const alert = page.getByTestId('checkout-problem');
      await alert
        .getByRole('heading', { name: 'We could not place your order just now' })
        .waitFor();
      expect(await alert.textContent()).toMatch(/try again in/);
      await expectScreenshot(shopper, 'checkout-try-again-later');
    } finally {
      await shop.clearFaults('order');
    }
    await page.getByRole('button', { name: 'Place order' }).click();
    const { orderId } = await waitForOrderHeading(page, ORDER_HEADINGS.paid);
    expect(await chargesFor(orderId)).toBe(1);
    expect(shopper.problems).toEqual([]);
  });

  it('shows a 202 order as payment pending, and flips it to paid by itself once payment recovers', async () => {
    const shopper = await open();
    const { page } = shopper;
    await addFromList(page, 'Squeeze water filter');
    await page.goto('/checkout');
    await shop.applyFault('payment', {
      point: 'payment.gateway.charge',
      kind: 'error',
      probability: 1,
      params: { status: 503, code: 'gateway_unavailable' },
    });
    let orderId: string;
    try {
      const answer = page.waitForResponse((res) => res.url().endsWith('/api/v1/orders'));
      await placeOrder(page, { customerId: 'c-pending', card: CARDS.pays });
      expect((await answer).status()).toBe(202);
      const pending = await waitForOrderHeading(page, ORDER_HEADINGS.payment_pending);
      orderId = pending.orderId;
      expect(pending.status).toBe('payment_pending');
      expect(await page.getByTestId('order-status').textContent()).toContain('updates by itself');
      expect(await chargesFor(orderId)).toBe(0);
      expect(await accessibilityProblems(page)).toEqual([]);
      await expectScreenshot(shopper, 'order-pending');
      // Marks this document: if the page were reloaded, the mark would be gone.
      await page.evaluate(() => {
        (window as unknown as Record<string, unknown>)['stillTheSamePage'] = true;
      });
    } finally {
      await shop.clearFaults('payment');
    }

    const settled = await waitForOrderHeading(page, ORDER_HEADINGS.paid, 20_000);
    expect(settled).toEqual({ orderId, status: 'paid' });
    expect(
      await page.evaluate(() => (window as unknown as Record<string, unknown>)['stillTheSamePage']),
    ).toBe(true);
    expect(await chargesFor(orderId)).toBe(1);
    await expectScreenshot(shopper, 'order-pending-settled');
    expect(shopper.problems).toEqual([]);
  });

  it('checks out with the keyboard alone', async () => {
    const shopper = await open();
    const { page } = shopper;
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Gear for the trail' }).waitFor();

    /** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
    const tabTo = async (name: RegExp): Promise<void> => {
      for (let presses = 0; presses < 80; presses++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const label = (el as HTMLInputElement | null)?.labels?.[0]?.textContent ?? '';
          return `${label} ${el?.textContent ?? ''} ${el?.getAttribute('aria-label') ?? ''}`;
        });
        if (name.test(focused)) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    const focusedOutline = () =>
      page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);

    await tabTo(/Add to cart: Trail gaiters/);
    expect(await focusedOutline()).toBe('solid');
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').getByText('Added Trail gaiters to your cart.').waitFor();

    await tabTo(/^\s*Cart/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    // After navigating, focus is on the new page's heading, not lost at the top of the document.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    await tabTo(/Go to checkout/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();

    await tabTo(/Customer ID/);
    await page.keyboard.type('c-keyboard');
    await tabTo(/4242 4242 4242 4242/);
    // Arrow keys move through the cards, as in any radio group, and back.
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /4000 0000 0000 0002/ }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await page.getByRole('radio', { name: /4242 4242 4242 4242/ }).isChecked()).toBe(true);
    await expectScreenshot(shopper, 'keyboard-checkout');

    await tabTo(/Place order/);
    expect(await focusedOutline()).toBe('solid');
    await page.keyboard.press('Enter');
    await waitForOrderHeading(page, ORDER_HEADINGS.paid);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await expectScreenshot(shopper, 'keyboard-order-paid');
    expect(shopper.problems).toEqual([]);
  });

  it('sends one trace from the Place order click through the gateway to the card gateway, with web vitals and errors, and no card data', async () => {
    const shopper = await open();
    const { page } = shopper;
    await addFromList(page, 'Titanium pot 1 L');
    await page.goto('/checkout');
    await placeOrder(page, { customerId: 'c-traced', card: CARDS.pays });
    const { orderId } = await waitForOrderHeading(page, ORDER_HEADINGS.paid);

    const { receiver } = shop;
    const click = await receiver.waitForSpan(
      (s) =>
        s.service === 'storefront' &&
        s.name === 'place_order' &&
        s.attributes['order.id'] === orderId,
    );
    expect(click.parentSpanId).toBeUndefined();
    expect(click.attributes['enduser.id']).toBe('c-traced');
    expect(click.attributes['session.id']).toEqual(expect.stringMatching(/^[0-9a-f]{32}$/));
    const inTrace = (predicate: (s: ReceivedSpan) => boolean) =>
      receiver.waitForSpan((s) => s.traceId === click.traceId && predicate(s));

    // The browser's fetch, a child of the click, is the parent of the gateway's server span.
    const fetchSpan = await inTrace(
      (s) => s.service === 'storefront' && s.kind === CLIENT && s.parentSpanId === click.spanId,
    );
    expect(fetchSpan.attributes['http.request.method']).toBe('POST');
    const gatewayServer = await inTrace((s) => s.service === 'gateway' && s.kind === SERVER);
    expect(gatewayServer.parentSpanId).toBe(fetchSpan.spanId);
    for (const service of ['order', 'catalog', 'inventory', 'payment']) {
      await inTrace((s) => s.service === service && s.kind === SERVER);
    }
    const card = await inTrace((s) => s.name === 'card_gateway.charge');
    expect(card.service).toBe('payment');

    // The document load and web vitals; LCP is final after an input, CLS once the page is hidden.
    await page.getByRole('link', { name: 'Continue shopping' }).click();
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const session = click.attributes['session.id'];
    const vitals = await eventually(
      () =>
        receiver
          .spans()
          .filter((s) => s.name === 'web_vital' && s.attributes['session.id'] === session)
          .map((s) => String(s.attributes['browser.web_vital.name'])),
      (names) => ['TTFB', 'FCP', 'LCP', 'CLS'].every((name) => names.includes(name)),
    );
    expect([...new Set(vitals)].sort()).toEqual(
      expect.arrayContaining(['CLS', 'FCP', 'LCP', 'TTFB']),
    );
    await receiver.waitForSpan(
      (s) =>
        s.service === 'storefront' &&
        s.name === 'documentLoad' &&
        s.attributes['session.id'] === session,
    );

    // A JS error nothing caught, forced in the page, arrives as an error span with its exception.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'visible',
      });
      setTimeout(() => {
        throw new Error('forced storefront test error');
      }, 0);
    });
    const error = await receiver.waitForSpan(
      (s) => s.name === 'browser.error' && s.attributes['session.id'] === session,
    );
    expect(error.status.code).toBe(2);
    expect(error.events).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: expect.objectContaining({
          'exception.message': expect.stringContaining('forced storefront test error'),
        }),
      }),
    ]);

    const everything = JSON.stringify(receiver.spans()) + receiver.rawBodies().join('');
    for (const number of CARD_NUMBERS_AS_SENT) expect(everything).not.toContain(number);
  });

  /** The workshop host's fault control room, /control, on the same stack. */
  describe('the fault control room (/control)', () => {
    /** A fault any process takes, harmless to the shop. */
    const SLOW_FRONT_DOOR = { point: 'http.server', kind: 'latency', params: { ms: 1 } };
    /** inventory-db-slowdown: one fault, 600 s as written; at speed 60 it lasts 10 s. */
    const SCENARIO = { name: 'inventory-db-slowdown', title: 'The inventory database slows down' };

    // No test leaves a fault behind for the next, even one that fails.
    afterEach(async () => {
      const processes = ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const;
      const urls = processes.flatMap((process) => shop.stack.urls[process] ?? []);
      await Promise.allSettled(
        urls.map((baseUrl) => faultAdmin({ baseUrl, token: ADMIN_TOKEN }).clear()),
      );
    });

    /** The ids of the faults a process holds, asked directly (not through the panel or gateway). */
    const activeIds = async (process: ServiceName | 'gateway'): Promise<string[]> => {
      const baseUrl = shop.stack.urls[process];
      if (baseUrl === undefined) throw new Error(`no ${process} in this stack`);
      const rules = await faultAdmin({ baseUrl, token: ADMIN_TOKEN, name: process }).list();
      return rules.map((rule) => rule.id);
    };
    const logIn = async (page: Page, token: string): Promise<void> => {
      await page.goto('/control');
      await page.getByLabel('Admin token').fill(token);
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    const countdownSeconds = async (page: Page): Promise<number> => {
      const text = (await page.getByRole('timer').textContent()) ?? '';
      const match = /^(\d+):(\d\d)$/.exec(text.trim());
      if (!match) throw new Error(`the countdown shows "${text}"`);
      return Number(match[1]) * 60 + Number(match[2]);
    };

    it('refuses a wrong token with a clear message, shows nothing of the panel, and keeps no token', async () => {
      const host = await open();
      const { page } = host;
      await logIn(page, 'not-the-admin-token');
      const alert = page.getByTestId('login-problem');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('That token was refused');
      expect(await page.getByRole('heading', { name: 'Scenarios' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Clear everything' }).count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
      expect(page.url()).not.toContain('not-the-admin-token');
      expect(host.problems).toEqual([]);
    });

    it('logs in, plays a scenario with a countdown, shows it active on the service, and stops it', async () => {
      const host = await open();
      const { page } = host;
      const home = await page.goto('/control');
      expect(home?.headers()['content-security-policy']).toContain("script-src 'self'");
      await logIn(page, ADMIN_TOKEN);
      await page.getByRole('heading', { level: 2, name: 'Scenarios' }).waitFor();
      expect(page.url()).toBe(`${shop.shopUrl}/control`);
      const scenario = page.getByRole('listitem').filter({
        has: page.getByRole('heading', { name: SCENARIO.title }),
      });
      expect(await scenario.getByRole('list', { name: /^Timeline of/ }).textContent()).toContain(
        'inventory: inventory.db latency, 0:00 to 10:00',
      );

      await page.getByRole('radio', { name: /speed/ }).check();
      await page.getByLabel('Speed', { exact: true }).fill('60');
      await scenario.getByRole('button', { name: `Start ${SCENARIO.title}` }).click();

      // The countdown is shown and counts down from the 10 s the fault lasts at speed 60.
      const run = page.getByTestId('run');
      await run.getByRole('heading', { name: new RegExp(SCENARIO.title) }).waitFor();
      const first = await countdownSeconds(page);
      expect(first).toBeGreaterThan(5);
      expect(first).toBeLessThanOrEqual(10);
      const later = await eventually(
        () => countdownSeconds(page),
        (seconds) => seconds < first,
        3000,
      );
      expect(later).toBeLessThan(first);

      // Active on inventory, as inventory itself says, and in the panel's table for it.
      expect(
        await eventually(
          () => activeIds('inventory'),
          (ids) => ids.includes(`${SCENARIO.name}.1`),
          5000,
        ),
      ).toContain(`${SCENARIO.name}.1`);
      const inventory = page.locator('[data-process="inventory"]');
      await inventory.getByRole('cell', { name: `${SCENARIO.name}.1`, exact: true }).waitFor();
      await run.getByText(`${SCENARIO.name}.1 inventory.db latency on inventory`).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      const shot = await host.screenshot('control-room');
      expect(existsSync(shot) && statSync(shot).size).toBeGreaterThan(1000);

      await run.getByRole('button', { name: 'Stop' }).click();
      await run.getByText('Stopped: the faults it applied are removed').waitFor();
      expect(await activeIds('inventory')).toEqual([]);

      // A reload keeps the tab logged in: the token is in sessionStorage, never in the address.
      await page.reload();
      await page.getByRole('heading', { level: 2, name: 'Scenarios' }).waitFor();
      expect(page.url()).toBe(`${shop.shopUrl}/control`);
      expect(host.problems).toEqual([]);
    });

    it('plays a mystery by codename, hides its faults, judges guesses, reveals it, and ends it early', async () => {
      const host = await open();
      const { page } = host;
      await logIn(page, ADMIN_TOKEN);
      await page.getByRole('heading', { level: 2, name: 'Scenarios' }).waitFor();
      await page.getByRole('checkbox', { name: /^Mystery mode/ }).check();
      // The list shows codenames and symptoms, not titles.
      expect(await page.getByRole('heading', { name: SCENARIO.title }).count()).toBe(0);
      await page.getByRole('button', { name: 'Start iron-moth' }).click();

      const run = page.getByTestId('run');
      await run.getByRole('heading', { name: /^Mystery iron-moth/ }).waitFor();
      await run.getByText('iron-moth.1 (hidden: it is a mystery)').waitFor();
      expect(await activeIds('inventory')).toEqual(['iron-moth.1']);
      const inventory = page.locator('[data-process="inventory"]');
      await inventory.getByText('1 fault of a mystery, hidden until it is revealed.').waitFor();
      expect(await inventory.textContent()).not.toContain('inventory.db');

      const verdict = page.getByTestId('guess-verdict');
      await page.getByLabel('Service', { exact: true }).selectOption('payment');
      await page.getByLabel('Kind of fault').selectOption('error');
      await page.getByRole('button', { name: 'Guess' }).click();
      await verdict.getByText('Not payment error: another service.').waitFor();
      await page.getByLabel('Service', { exact: true }).selectOption('inventory');
      await page.getByLabel('Kind of fault').selectOption('latency');
      await page.getByRole('button', { name: 'Guess' }).click();
      await verdict.getByText('Right: inventory latency').waitFor();
      expect(await verdict.textContent()).toContain(SCENARIO.title);
      // Revealed: the panel shows its faults again.
      await inventory.getByRole('cell', { name: 'iron-moth.1', exact: true }).waitFor();

      await run.getByRole('button', { name: 'End now' }).click();
      await run.getByText(/^Ended: removed 1 fault of it on every process\.$/).waitFor();
      expect(await activeIds('inventory')).toEqual([]);
      expect(host.problems).toEqual([]);
    });

    it('ends a scenario played from elsewhere (the CLI, before a reload) from its entry', async () => {
      // As `faultline run inventory-db-slowdown` applies it.
      await shop.applyFault('inventory', {
        id: `${SCENARIO.name}.1`,
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 1 },
      });
      const { page, problems } = await open();
      await logIn(page, ADMIN_TOKEN);
      const scenario = page.locator(`[data-scenario="${SCENARIO.name}"]`);
      await scenario.getByText('Running, played from elsewhere').waitFor();
      await scenario.getByRole('button', { name: `End now ${SCENARIO.title}` }).click();
      await scenario.getByText('Running, played from elsewhere').waitFor({ state: 'detached' });
      expect(await activeIds('inventory')).toEqual([]);
      expect(problems).toEqual([]);
    });

    it('clears everything: faults on the services and on the gateway, from one button', async () => {
      await shop.applyFault('inventory', {
        id: 'by-hand',
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 1 },
      });
      await shop.applyFault('order', { point: 'http.server', kind: 'latency', params: { ms: 1 } });
      const host = await open();
      const { page } = host;
      await logIn(page, ADMIN_TOKEN);
      await page.getByRole('heading', { level: 2, name: 'Scenarios' }).waitFor();

      // One fault on the gateway itself, from the single-fault form.
      await page.getByLabel('Process', { exact: true }).selectOption('gateway');
      await page.getByLabel('Fault point').selectOption('http.server');
      await page.getByLabel('Kind', { exact: true }).selectOption('latency');
      await page.getByLabel('Parameters').fill('ms=1');
      await page.getByLabel('Duration in seconds', { exact: true }).fill('120');
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await page
        .getByRole('region', { name: 'Apply one fault' })
        .getByText(/^Applied .* on gateway until/)
        .waitFor();
      expect(await activeIds('gateway')).toHaveLength(1);
      await page
        .locator('[data-process="inventory"]')
        .getByRole('cell', { name: 'by-hand', exact: true })
        .waitFor();

      await page.getByRole('button', { name: 'Clear everything' }).click();
      const outcomes = page.getByTestId('clear-outcomes');
      await outcomes.waitFor();
      const said = (await outcomes.getByRole('listitem').allTextContents()).join('\n');
      expect(said).toContain('inventory: cleared 1 fault');
      expect(said).toContain('order: cleared 1 fault');
      expect(said).toContain('gateway: cleared 1 fault');
      for (const process of ['catalog', 'inventory', 'order', 'gateway'] as const) {
        expect(await activeIds(process)).toEqual([]);
      }
      expect(host.problems).toEqual([]);
    });

    it('exposes no fault metric on any process of a stack started with the defaults, as an attendee’s', async () => {
      const rule = {
        point: 'http.server',
        kind: 'latency',
        params: { ms: 1 },
        durationSeconds: 60,
      };
      for (const process of ['catalog', 'inventory', 'order', 'payment', 'gateway'] as const) {
        const baseUrl = shop.stack.urls[process];
        if (baseUrl === undefined) throw new Error(`no ${process} in this stack`);
        await faultAdmin({ baseUrl, token: ADMIN_TOKEN, name: process }).apply(rule);
        const scraped = await (await fetch(`${baseUrl}/metrics`)).text();
        // A real scrape of the process, holding an active fault, and still no answer in it.
        expect(scraped).toContain('process_cpu_seconds_total');
        expect({ process, exposed: scraped.includes('faultline_fault_active') }).toEqual({
          process,
          exposed: false,
        });
      }
    });

    it('resets this stack after asking: faults cleared, orders gone, stock back to the seed', async () => {
      await shop.setStock('FL-HAMMOCK', 3);
      await shop.applyFault('inventory', {
        id: 'before-the-reset',
        point: 'inventory.db',
        kind: 'latency',
        params: { ms: 1 },
      });
      const placed = await fetch(`${shop.stack.urls.order}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          customerId: 'c-before-reset',
          items: [{ productId: 'prd_01', quantity: 1 }],
          payment: { cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' },
        }),
      });
      expect(placed.status).toBe(201);
      const orders = async () =>
        (await shop.query<{ n: number }>('order', 'SELECT count(*)::int AS n FROM orders'))[0]?.n;
      const hammocks = async () =>
        (
          await shop.query<{ available: number }>(
            'inventory',
            'SELECT available FROM stock WHERE sku = $1',
            ['FL-HAMMOCK'],
          )
        )[0]?.available;
      expect(await orders()).toBeGreaterThan(0);

      const host = await open();
      const { page } = host;
      await logIn(page, ADMIN_TOKEN);
      const section = page.getByRole('region', { name: 'Reset between rounds' });
      await section.getByRole('button', { name: 'Reset this stack…' }).click();
      const confirm = section.getByRole('alertdialog');
      await confirm.getByText(/^Reset this stack now\?/).waitFor();
      // The question has the focus, and nothing is reset before the host says yes.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Yes, reset this stack',
      );
      expect(await hammocks()).toBe(3);
      expect(await accessibilityProblems(page)).toEqual([]);
      await confirm.getByRole('button', { name: 'Yes, reset this stack' }).click();

      const report = page.getByTestId('reset-report');
      await report
        .getByText('prometheus: series not deleted', { exact: false })
        .waitFor({ timeout: 30_000 });
      const lines = await report.getByRole('listitem').allTextContents();
      expect(lines).toEqual([
        'catalog: cleared 0 faults',
        'inventory: cleared 1 fault',
        'order: cleared 0 faults',
        'payment: cleared 0 faults',
        'gateway: cleared 0 faults',
        expect.stringMatching(/^order: data reset to the seed \(.*\borders: [1-9]\d* removed/),
        expect.stringMatching(
          /^inventory: data reset to the seed \(.*\bstock: \d+ removed, [1-9]\d* seeded/,
        ),
        expect.stringMatching(/^payment: data reset to the seed \(/),
        expect.stringMatching(/^catalog: data reset to the seed \(/),
        'prometheus: series not deleted: this gateway knows no Prometheus (CONTROL_PROMETHEUS_URL)',
      ]);
      expect(await hammocks()).toBe(100000);
      expect(await orders()).toBe(0);
      expect(await activeIds('inventory')).toEqual([]);
      // The shop shows it too: the hammock is in stock again.
      await page.goto('/');
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Ultralight hammock' })
        .getByText('In stock')
        .waitFor();
      expect(host.problems).toEqual([]);
    });

    /** Group-b's stack, a second real one, and the room as the host's control room sees it. */
    describe('on a room of stacks (CONTROL_STACKS)', () => {
      let groupB: ShopStack | undefined;

      beforeAll(async () => {
        groupB = await startShopStack({ gatewayPort: groupBPort });
      }, 90_000);
      afterAll(async () => {
        await groupB?.stop();
      }, 30_000);
      afterEach(async () => {
        const urls = Object.values(groupB?.stack.urls ?? {});
        await Promise.allSettled(
          urls.map((baseUrl) => faultAdmin({ baseUrl, token: ADMIN_TOKEN }).clear()),
        );
      });

      it('clears everything on every stack from one button: the others clear, the one down is reported', async () => {
        const b = groupB!;
        await shop.applyFault('inventory', {
          id: 'on-this-stack',
          point: 'inventory.db',
          kind: 'latency',
          params: { ms: 1 },
        });
        await b.applyFault('order', { id: 'on-group-b', ...SLOW_FRONT_DOOR });
        await faultAdmin({ baseUrl: b.shopUrl, token: ADMIN_TOKEN }).apply({
          id: 'group-b-front-door',
          ...SLOW_FRONT_DOOR,
        });
        const groupBIds = async (process: ServiceName | 'gateway') =>
          (await faultAdmin({ baseUrl: b.stack.urls[process]!, token: ADMIN_TOKEN }).list()).map(
            (rule) => rule.id,
          );

        const host = await open();
        const { page } = host;
        await logIn(page, ADMIN_TOKEN);
        const stacks = page.getByRole('group', { name: 'Act on' });
        await stacks.getByRole('radio', { name: /^group-b/ }).check();
        // One other stack chosen: its processes, read through this gateway.
        await page
          .locator('[data-process="order"]')
          .getByRole('cell', { name: 'on-group-b', exact: true })
          .waitFor();
        await stacks.getByRole('radio', { name: /^Every stack \(3\)/ }).check();
        await page
          .locator('[data-stack="down"] [data-process="catalog"]')
          .getByText(`down is not reachable at ${down.url}`, { exact: false })
          .waitFor();
        await page
          .locator('[data-stack="this stack"] [data-process="inventory"]')
          .getByRole('cell', { name: 'on-this-stack', exact: true })
          .waitFor();
        expect(await accessibilityProblems(page)).toEqual([]);
        await host.screenshot('control-room-stacks');

        await page.getByRole('button', { name: 'Clear everything' }).click();
        const outcomes = page.getByTestId('clear-outcomes');
        await outcomes.getByRole('listitem').nth(2).waitFor();
        expect(await outcomes.getByRole('listitem').allTextContents()).toEqual([
          'this stack: cleared 1 fault',
          'group-b: cleared 2 faults',
          expect.stringMatching(
            new RegExp(`^down: not cleared: down is not reachable at ${down.url} \\(`),
          ),
        ]);
        expect(await activeIds('inventory')).toEqual([]);
        expect(await groupBIds('order')).toEqual([]);
        expect(await groupBIds('gateway')).toEqual([]);
        expect(host.problems).toEqual([]);
      });
    });
  });
});
