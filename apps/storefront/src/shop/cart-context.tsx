import { createContext, useContext, useEffect, useMemo, useReducer } from 'react';
import type { Dispatch, ReactNode } from 'react';
import { cartReducer, parseStoredCart, serialiseCart } from './cart';
import type { Cart, CartAction } from './cart';

const CART_KEY = 'faultline.cart.v1';

interface CartState {
  cart: Cart;
  dispatch: Dispatch<CartAction>;
}

const CartContext = createContext<CartState | undefined>(undefined);

function readStoredCart(): Cart {
  try {
    return parseStoredCart(localStorage.getItem(CART_KEY));
  } catch {
    return [];
  }
}

/** The cart, kept in localStorage so it survives reloads and is the same in every tab. */
export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, dispatch] = useReducer(cartReducer, undefined, readStoredCart);

  useEffect(() => {
    try {
      localStorage.setItem(CART_KEY, serialiseCart(cart));
    } catch {
      // Storage full or refused: the cart still works for this page.
    }
  }, [cart]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === CART_KEY)
        dispatch({ type: 'replace', cart: parseStoredCart(event.newValue) });
    };
    window.addEventListener('storage', onStorage);
    return () => {
      window.removeEventListener('storage', onStorage);
    };
  }, []);

  const value = useMemo(() => ({ cart, dispatch }), [cart]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

/** The cart and what changes it; only inside CartProvider. */
export function useCart(): CartState {
  const state = useContext(CartContext);
  if (!state) throw new Error('useCart is used outside CartProvider');
  return state;
}
