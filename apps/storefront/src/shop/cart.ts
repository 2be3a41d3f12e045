import { MAX_CHECKOUT_ITEMS, MAX_CHECKOUT_QUANTITY, moneySchema } from '@faultline/contracts';
import type { Money } from '@faultline/contracts';
import { z } from 'zod';
import { timesQuantity } from './money';

/** One product in the cart, with the name and price the shopper saw (order prices it again). */
export interface CartLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: Money;
  quantity: number;
}

export type Cart = readonly CartLine[];

export type CartAction =
  | { type: 'add'; line: CartLine; limit?: number | null }
  | { type: 'set_quantity'; productId: string; quantity: number }
  | { type: 'remove'; productId: string }
  | { type: 'clear' }
  | { type: 'replace'; cart: Cart };

/** The most units of a product the cart holds: the order's limit, and the stock when known. */
export function maxQuantity(limit?: number | null): number {
  return limit === undefined || limit === null
    ? MAX_CHECKOUT_QUANTITY
    : Math.max(0, Math.min(limit, MAX_CHECKOUT_QUANTITY));
}

const clamp = (quantity: number, limit?: number | null): number =>
  Math.min(Math.max(1, Math.trunc(quantity)), Math.max(1, maxQuantity(limit)));

/** What the cart becomes after an action; quantities stay within 1…the order's limit. */
export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const existing = cart.find((line) => line.productId === action.line.productId);
      if (!existing) {
        if (cart.length >= MAX_CHECKOUT_ITEMS) return cart;
        return [...cart, { ...action.line, quantity: clamp(action.line.quantity, action.limit) }];
      }
      return cart.map((line) =>
        line === existing
          ? { ...line, quantity: clamp(line.quantity + action.line.quantity, action.limit) }
          : line,
      );
    }
    case 'set_quantity':
      if (!Number.isFinite(action.quantity)) return cart;
      return cart.map((line) =>
        line.productId === action.productId ? { ...line, quantity: clamp(action.quantity) } : line,
      );
    case 'remove':
      return cart.filter((line) => line.productId !== action.productId);
    case 'clear':
      return [];
    case 'replace':
      return action.cart;
  }
}

/** Units in the cart, all lines together. */
export const unitCount = (cart: Cart): number => cart.reduce((sum, line) => sum + line.quantity, 0);

/** What the cart costs at the prices the shopper saw; undefined for an empty cart. */
export function cartTotal(cart: Cart): Money | undefined {
  const first = cart[0];
  if (!first) return undefined;
  return {
    amount: cart.reduce(
      (sum, line) => sum + timesQuantity(line.unitPrice, line.quantity).amount,
      0,
    ),
    currency: first.unitPrice.currency,
  };
}

const storedCartSchema = z.array(
  z.object({
    productId: z.string(),
    sku: z.string(),
    name: z.string(),
    unitPrice: moneySchema,
    quantity: z.number().int().min(1).max(MAX_CHECKOUT_QUANTITY),
  }),
);

/** Reads a cart saved by `serialiseCart`; anything unreadable is an empty cart, never a crash. */
export function parseStoredCart(text: string | null): Cart {
  if (text === null) return [];
  try {
    const parsed = storedCartSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.slice(0, MAX_CHECKOUT_ITEMS) : [];
  } catch {
    return [];
  }
}

export const serialiseCart = (cart: Cart): string => JSON.stringify(cart);
