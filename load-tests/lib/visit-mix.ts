/**
 * What a shopper's visit is made of, as numbers: whether it ends in a checkout, how many product
 * pages the shopper opens, how many products go in the cart and how many of each, and which card
 * pays. Pure (no k6 module, no k6 global), so tests can work out what a script's traffic comes to
 * and try every choice with fixed dice. Each choice takes its rolls in [0, 1) from the caller:
 * Math.random in k6.
 */

/** Values with their share of the draws, in order; a table's shares add up to 1. */
export type Shares<T> = readonly (readonly [value: T, share: number])[];

/** The value a roll in [0, 1) lands on, walking the table's shares in order. */
export function pick<T>(table: Shares<T>, roll: number): T {
  let upTo = 0;
  for (const [value, share] of table) {
    upTo += share;
    if (roll < upTo) return value;
  }
  const last = table.at(-1);
  if (last === undefined) throw new Error('pick: an empty share table');
  // Only a roll just under 1 gets here, when the shares add up to a hair under 1 in floating point.
  return last[0];
}

/** The mean of a table of numbers. */
export const meanOf = (table: Shares<number>): number =>
  table.reduce((sum, [value, share]) => sum + value * share, 0);

/** Product lines in a cart that is checked out: most orders hold one product, few more than three. */
export const CART_LINES: Shares<number> = [
  [1, 0.6],
  [2, 0.25],
  [3, 0.1],
  [4, 0.05],
];

/** Units of one product in the cart: nearly always one. */
export const LINE_QUANTITY: Shares<number> = [
  [1, 0.9],
  [2, 0.1],
];

/**
 * Product pages a shopper opens besides the ones they buy. Three in ten leave after the catalog
 * list (a bounce); most look at one or two products.
 */
export const PAGES_BROWSED: Shares<number> = [
  [0, 0.3],
  [1, 0.35],
  [2, 0.2],
  [3, 0.1],
  [4, 0.05],
];

/** The card that pays: mostly good Visa and Mastercard, and the two declining test cards. */
export const CARDS: Shares<string> = [
  ['4242424242424242', 0.8], // Visa: pays
  ['5555555555554444', 0.12], // Mastercard: pays
  ['4000000000000002', 0.04], // declined: card_declined
  ['4000000000009995', 0.04], // declined: insufficient_funds
];

/** The test cards the card gateway always declines (8% of checkouts in CARDS). */
export const DECLINING_CARDS: readonly string[] = ['4000000000000002', '4000000000009995'];

/**
 * The longest a shopper reads one product page, in seconds (each read is drawn evenly below it).
 * Far shorter than a person reads: in an arrival-rate test a read only holds a virtual user, so it
 * is kept just long enough to spread a visit's requests out.
 */
export const MOST_SECONDS_ON_A_PAGE = 0.4;

/** A kind of shopper: the share of their visits, 0 to 1, that end in a checkout. */
export interface Visit {
  checkoutShare: number;
}

/** One visit, decided before it starts. */
export interface VisitPlan {
  /** Product pages opened, the ones of the products bought included. */
  productPages: number;
  /** Units of each product bought, one entry per cart line; empty when the visit buys nothing. */
  cart: number[];
}

/**
 * Decides a visit. Rolls are taken in this order: checkout or not; when buying, the number of cart
 * lines and then each line's quantity; last, the product pages browsed besides the cart's.
 */
export function planVisit({ checkoutShare }: Visit, roll: () => number): VisitPlan {
  const cart =
    roll() < checkoutShare
      ? Array.from({ length: pick(CART_LINES, roll()) }, () => pick(LINE_QUANTITY, roll()))
      : [];
  return { productPages: cart.length + pick(PAGES_BROWSED, roll()), cart };
}

/** Up to `count` different products of the list, one roll each, in the order they were picked. */
export function pickProducts(ids: readonly string[], count: number, roll: () => number): string[] {
  const left = [...ids];
  const picked: string[] = [];
  while (picked.length < count && left.length > 0) {
    const [id] = left.splice(Math.floor(roll() * left.length), 1);
    if (id !== undefined) picked.push(id);
  }
  return picked;
}

/** What a kind of visit comes to on average, from the tables above. */
export interface VisitFigures {
  checkoutsPerVisit: number;
  /** Cart lines (different products) of a checkout. */
  linesPerCart: number;
  /** Units of a checkout, all lines together. */
  unitsPerCart: number;
  /** Pages a visit opens: the catalog list once, then product pages. */
  pagesPerVisit: number;
  /** Catalog and product pages opened for each checkout. */
  pagesPerCheckout: number;
  /** Requests a visit makes at most: its pages, then the checkout and the order page after it. */
  requestsPerVisit: number;
}

/** The average visit of a kind of shopper. */
export function visitFigures({ checkoutShare }: Visit): VisitFigures {
  const linesPerCart = meanOf(CART_LINES);
  const pagesPerVisit = 1 + meanOf(PAGES_BROWSED) + checkoutShare * linesPerCart;
  return {
    checkoutsPerVisit: checkoutShare,
    linesPerCart,
    unitsPerCart: linesPerCart * meanOf(LINE_QUANTITY),
    pagesPerVisit,
    pagesPerCheckout: pagesPerVisit / checkoutShare,
    requestsPerVisit: pagesPerVisit + 2 * checkoutShare,
  };
}
