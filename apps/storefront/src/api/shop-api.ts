import { orderAnswerSchema, productListSchema, productSchema } from '@faultline/contracts';
import type { CheckoutRequest, OrderAnswer } from '@faultline/contracts';
import { z } from 'zod';
import { callApi } from './http';

/** Where the gateway serves the public API: the storefront talks to its own origin only. */
export const API_BASE = '/api/v1';

/** Units the gateway found in stock: null when inventory did not answer (the list still shows). */
const availableSchema = z.number().int().min(0).nullable();

/** A product as the gateway answers it: catalog's product plus the units available. */
export const shopProductSchema = productSchema.extend({ available: availableSchema });
export const shopProductListSchema = productListSchema.extend({
  items: z.array(shopProductSchema),
});

export type ShopProduct = z.infer<typeof shopProductSchema>;
export type Order = OrderAnswer;

/** Every product the shop lists, with its stock. */
export async function listProducts(signal?: AbortSignal): Promise<ShopProduct[]> {
  const answer = await callApi(`${API_BASE}/products`, {
    accept: [200],
    schema: shopProductListSchema,
    signal,
  });
  return answer.body.items;
}

/** One product with its stock; 404 throws ApiError. */
export async function getProduct(id: string, signal?: AbortSignal): Promise<ShopProduct> {
  const answer = await callApi(`${API_BASE}/products/${encodeURIComponent(id)}`, {
    accept: [200],
    schema: shopProductSchema,
    signal,
  });
  return answer.body;
}

/** An order as it stands now. */
export async function getOrder(id: string, signal?: AbortSignal): Promise<Order> {
  const answer = await callApi(`${API_BASE}/orders/${encodeURIComponent(id)}`, {
    accept: [200],
    schema: orderAnswerSchema,
    signal,
  });
  return answer.body;
}

/**
 * Places an order: 201 (paid) and 202 (accepted, payment pending) resolve with the order; a
 * declined card, missing stock, a busy or broken shop throw ApiError with the problem.
 * The same `idempotencyKey` for the same request never places a second order.
 */
export async function placeOrder(request: CheckoutRequest, idempotencyKey: string): Promise<Order> {
  const answer = await callApi(`${API_BASE}/orders`, {
    method: 'POST',
    accept: [201, 202],
    schema: orderAnswerSchema,
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(request),
  });
  return answer.body;
}
