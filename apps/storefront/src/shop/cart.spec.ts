import { MAX_CHECKOUT_QUANTITY } from '@faultline/contracts';
import { describe, expect, it } from 'vitest';
import { cartReducer, cartTotal, parseStoredCart, serialiseCart, unitCount } from './cart';
import type { CartLine } from './cart';

const stove: CartLine = {
  productId: 'prd_04',
  sku: 'FL-STOVE-GAS',
  name: 'Pocket gas stove',
  unitPrice: { amount: 3900, currency: 'EUR' },
  quantity: 1,
};
const lamp: CartLine = {
  productId: 'prd_06',
  sku: 'FL-LAMP-400',
  name: 'Headlamp 400 lm',
  unitPrice: { amount: 3400, currency: 'EUR' },
  quantity: 2,
};

describe('the cart', () => {
  it('adds a product once and raises its quantity when added again', () => {
    const cart = cartReducer(cartReducer([], { type: 'add', line: stove }), {
      type: 'add',
      line: stove,
    });
    expect(cart).toEqual([{ ...stove, quantity: 2 }]);
  });

  it('never holds more than the stock, nor more than an order may ask for', () => {
    const limited = cartReducer([], { type: 'add', line: { ...stove, quantity: 5 }, limit: 3 });
    expect(limited[0]?.quantity).toBe(3);
    const huge = cartReducer([], { type: 'add', line: { ...stove, quantity: 1000 } });
    expect(huge[0]?.quantity).toBe(MAX_CHECKOUT_QUANTITY);
  });

  it('keeps a typed quantity between 1 and the limit, and ignores what is not a number', () => {
    const cart = [stove];
    expect(cartReducer(cart, { type: 'set_quantity', productId: 'prd_04', quantity: 0 })).toEqual([
      { ...stove, quantity: 1 },
    ]);
    expect(cartReducer(cart, { type: 'set_quantity', productId: 'prd_04', quantity: NaN })).toBe(
      cart,
    );
  });

  it('removes a line and clears', () => {
    expect(cartReducer([stove, lamp], { type: 'remove', productId: 'prd_04' })).toEqual([lamp]);
    expect(cartReducer([stove, lamp], { type: 'clear' })).toEqual([]);
  });

  it('counts units and adds up the total at the prices seen', () => {
    expect(unitCount([stove, lamp])).toBe(3);
    expect(cartTotal([stove, lamp])).toEqual({ amount: 3900 + 2 * 3400, currency: 'EUR' });
    expect(cartTotal([])).toBeUndefined();
  });

  it('reads back what it stored, and treats anything unreadable as an empty cart', () => {
    expect(parseStoredCart(serialiseCart([stove, lamp]))).toEqual([stove, lamp]);
    expect(parseStoredCart(null)).toEqual([]);
    expect(parseStoredCart('{not json')).toEqual([]);
    expect(parseStoredCart(JSON.stringify([{ productId: 'prd_04', quantity: -1 }]))).toEqual([]);
  });
});
