import { z } from 'zod';
import { productIdSchema, skuSchema } from './identifiers';
import { moneySchema } from './money';

/** A product as catalog answers it: `GET /products/:id`, and each item of a list. */
export const productSchema = z.object({
  id: productIdSchema,
  sku: skuSchema,
  name: z.string().min(1, 'must not be empty'),
  price: moneySchema,
});

/** `GET /products` and `GET /products?ids=…`: `{ items: [product…] }`. */
export const productListSchema = z.object({ items: z.array(productSchema) });

/** A product with its price in minor units. */
export type Product = z.infer<typeof productSchema>;

/** A list of products. */
export type ProductList = z.infer<typeof productListSchema>;
