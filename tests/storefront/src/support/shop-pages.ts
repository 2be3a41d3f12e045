import type { Page } from 'playwright-core';

/** The simulated gateway's test cards, as the checkout lists them. */
export const CARDS = {
  pays: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  insufficientFunds: '4000 0000 0000 9995',
} as const;

/** Every way a card number could be written into telemetry by mistake. */
export const CARD_NUMBERS_AS_SENT = [
  '4242424242424242',
  '4242 4242 4242 4242',
  '4000000000000002',
  '4000 0000 0000 0002',
];

/** The heading the order page shows for each status the tests wait for. */
export const ORDER_HEADINGS = {
  paid: 'Paid — thank you for your order',
  payment_pending: 'Payment pending',
} as const;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The accessible name of a product's "Add to cart" button: the visible words, then the product. */
export const addToCartName = (productName: string): RegExp =>
  new RegExp(`^Add to cart\\W*${escapeRegExp(productName)}$`);

/** Clicks "Add to cart" for a product on the product list (opening it first). */
export async function addFromList(page: Page, productName: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/') await page.goto('/');
  await page.getByRole('button', { name: addToCartName(productName) }).click();
  await page.getByTestId('announcer').getByText(`Added ${productName} to your cart.`).waitFor();
}

/** Fills the checkout form (customer, card) and presses "Place order". */
export async function placeOrder(
  page: Page,
  { customerId, card }: { customerId: string; card: string },
): Promise<void> {
  if (new URL(page.url()).pathname !== '/checkout') await page.goto('/checkout');
  await page.getByLabel('Customer ID').fill(customerId);
  await page.getByRole('radio', { name: new RegExp(card) }).check();
  await page.getByRole('button', { name: 'Place order' }).click();
}

/** The order page's status once it shows `heading`; the order id from the address bar. */
export async function waitForOrderHeading(
  page: Page,
  heading: string,
  timeoutMs = 15_000,
): Promise<{ orderId: string; status: string | null }> {
  await page.getByRole('heading', { name: heading }).waitFor({ timeout: timeoutMs });
  const orderId = new URL(page.url()).pathname.split('/')[2] ?? '';
  const status = await page.getByTestId('order-status').getAttribute('data-status');
  return { orderId, status };
}

/**
 * What a person using a screen reader or a keyboard, or with low vision, would trip over on the
 * page as shown: form controls without an accessible name, images without alt text, and text
 * below WCAG AA contrast (4.5:1, 3:1 for large text) against the background it is drawn on.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (css: string): Rgba | undefined => {
      const match = /rgba?\(([^)]+)\)/.exec(css);
      if (!match?.[1]) return undefined;
      const [r = 0, g = 0, b = 0, a = 1] = match[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: Rgba): number => {
      const channel = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const backgroundOf = (element: Element): Rgba => {
      for (let e: Element | null = element; e; e = e.parentElement) {
        const colour = parse(getComputedStyle(e).backgroundColor);
        if (colour && colour.a > 0) return colour;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const nameOf = (element: HTMLElement): string => {
      const labelled = (element as HTMLInputElement).labels;
      const fromLabels = labelled ? [...labelled].map((l) => l.textContent).join(' ') : '';
      return (fromLabels || element.getAttribute('aria-label') || element.textContent || '').trim();
    };

    for (const control of document.querySelectorAll<HTMLElement>(
      'input, select, textarea, button',
    )) {
      if ((control as HTMLInputElement).type === 'hidden') continue;
      if (nameOf(control) === '') problems.push(`unnamed ${control.outerHTML.slice(0, 80)}`);
    }
    for (const image of document.querySelectorAll('img:not([alt])')) {
      problems.push(`image without alt: ${image.outerHTML.slice(0, 80)}`);
    }
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const text = [...element.childNodes].some(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '',
      );
      if (!text || element.closest('.visually-hidden')) continue;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      if (style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      const foreground = parse(style.color);
      if (!foreground) continue;
      const [lighter, darker] = [luminance(foreground), luminance(backgroundOf(element))].sort(
        (a, b) => b - a,
      ) as [number, number];
      const ratio = (lighter + 0.05) / (darker + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) {
        problems.push(
          `contrast ${ratio.toFixed(2)} for "${element.textContent.trim().slice(0, 40)}"`,
        );
      }
    }
    return problems;
  });
}
