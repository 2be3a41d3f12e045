/** A product as the API shows it: price in minor units of its currency. */
export interface Product {
  id: string;
  sku: string;
  name: string;
  price: { amount: number; currency: string };
}

/** Product ids look like `prd_01`. */
export const PRODUCT_ID = /^prd_[a-z0-9]{1,32}$/;
