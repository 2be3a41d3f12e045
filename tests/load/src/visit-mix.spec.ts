// load-tests/ is no Nx project (compose mounts it whole for k6), so its pure lib is read by path.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  CARDS,
  CART_LINES,
  DECLINING_CARDS,
  LINE_QUANTITY,
  PAGES_BROWSED,
  meanOf,
  pick,
  pickProducts,
  planVisit,
  visitFigures,
  type Shares,
} from '../../../load-tests/lib/visit-mix';

// The numbers behind every k6 visit (load-tests/lib/visit-mix.ts): pure functions of their rolls,
// tried here with fixed dice and with a seeded stream of rolls.

/** Rolls in the order given; fails the test when a function takes more than it was given. */
function dice(...rolls: number[]): () => number {
  return () => {
    const roll = rolls.shift();
    if (roll === undefined) throw new Error('took more rolls than expected');
    return roll;
  };
}

/** A seeded stream of rolls in [0, 1) (mulberry32), so the averages below are the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const total = (table: Shares<unknown>): number => table.reduce((sum, [, share]) => sum + share, 0);

describe('pick', () => {
  it('walks the shares in order: a roll lands on the value whose share covers it', () => {
    expect(
      [0, 0.59, 0.6, 0.84, 0.85, 0.94, 0.95, 0.999].map((roll) => pick(CART_LINES, roll)),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('gives the last value to a roll above shares that add up to a hair under 1', () => {
    expect(
      pick(
        [
          ['a', 0.5],
          ['b', 0.4999999],
        ],
        0.99999999,
      ),
    ).toBe('b');
  });

  it('refuses an empty table rather than invent a value', () => {
    expect(() => pick([], 0.5)).toThrow(/empty/);
  });
});

describe('the tables', () => {
  it.each([
    ['CART_LINES', CART_LINES],
    ['LINE_QUANTITY', LINE_QUANTITY],
    ['PAGES_BROWSED', PAGES_BROWSED],
    ['CARDS', CARDS],
  ] as const)('%s: shares add up to 1', (_name, table) => {
    expect(total(table)).toBeCloseTo(1, 10);
  });

  it('carts hold one to four products, one product the most common, 1.6 on average', () => {
    expect(CART_LINES.map(([lines]) => lines)).toEqual([1, 2, 3, 4]);
    const shares = CART_LINES.map(([, share]) => share);
    expect(Math.max(...shares)).toBe(shares[0]);
    expect(meanOf(CART_LINES)).toBeCloseTo(1.6, 10);
    expect(meanOf(LINE_QUANTITY)).toBeCloseTo(1.1, 10);
  });

  it('the declining test cards are 8% of checkouts, as the alerts and runbooks expect', () => {
    const declining = CARDS.filter(([card]) => DECLINING_CARDS.includes(card));
    expect(declining.map(([card]) => card).sort()).toEqual([...DECLINING_CARDS].sort());
    expect(total(declining)).toBeCloseTo(0.08, 10);
  });
});

describe('planVisit', () => {
  it('a visit that does not buy takes two rolls: no checkout, then the pages browsed', () => {
    expect(planVisit({ checkoutShare: 0.15 }, dice(0.15, 0.7))).toEqual({
      productPages: 2,
      cart: [],
    });
    expect(planVisit({ checkoutShare: 0.15 }, dice(0.99, 0.1))).toEqual({
      productPages: 0,
      cart: [],
    });
  });

  it('a visit that buys rolls its lines, each line’s quantity, then the pages browsed besides', () => {
    // checkout (0.1 < 0.3), two lines (0.7), quantities 2 and 1, one more page browsed (0.5).
    expect(planVisit({ checkoutShare: 0.3 }, dice(0.1, 0.7, 0.95, 0.1, 0.5))).toEqual({
      productPages: 3,
      cart: [2, 1],
    });
  });

  it('over many visits, comes to the checkout share and the carts the tables say', () => {
    const roll = seeded(17);
    const visits = Array.from({ length: 100_000 }, () => planVisit({ checkoutShare: 0.15 }, roll));
    const carts = visits.filter((visit) => visit.cart.length > 0).map((visit) => visit.cart);
    const figures = visitFigures({ checkoutShare: 0.15 });
    expect(carts.length / visits.length).toBeCloseTo(0.15, 2);
    const lines = carts.reduce((sum, cart) => sum + cart.length, 0) / carts.length;
    expect(lines).toBeCloseTo(figures.linesPerCart, 1);
    const units = carts.flat().reduce((sum, units) => sum + units, 0) / carts.length;
    expect(units).toBeCloseTo(figures.unitsPerCart, 1);
    const pages = visits.reduce((sum, visit) => sum + 1 + visit.productPages, 0) / visits.length;
    expect(pages).toBeCloseTo(figures.pagesPerVisit, 1);
    expect(new Set(carts.map((cart) => cart.length))).toEqual(new Set([1, 2, 3, 4]));
  });
});

describe('pickProducts', () => {
  const ids = ['prd_01', 'prd_02', 'prd_03', 'prd_04'];

  it('picks different products, one roll each, in the order picked', () => {
    // 0.5 of four → prd_03; 0 of the three left → prd_01; 0.99 of the two left → prd_04.
    expect(pickProducts(ids, 3, dice(0.5, 0, 0.99))).toEqual(['prd_03', 'prd_01', 'prd_04']);
  });

  it('picks no more than the list holds, and nothing from an empty list', () => {
    expect(pickProducts(ids, 8, () => 0.97).sort()).toEqual(ids);
    expect(pickProducts([], 3, dice())).toEqual([]);
  });
});

describe('visitFigures', () => {
  it('adds a visit up: the list, the pages browsed, the cart’s pages, the checkout and the order', () => {
    const figures = visitFigures({ checkoutShare: 0.15 });
    // 1 list + 1.25 pages browsed + 0.15 × 1.6 pages of products bought.
    expect(figures.pagesPerVisit).toBeCloseTo(2.49, 10);
    expect(figures.pagesPerCheckout).toBeCloseTo(2.49 / 0.15, 10);
    expect(figures.requestsPerVisit).toBeCloseTo(2.49 + 0.3, 10);
    expect(figures.unitsPerCart).toBeCloseTo(1.76, 10);
  });
});
