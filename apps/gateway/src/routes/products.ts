import { productIdSchema } from '@faultline/contracts';
import { AppError, parseOrThrow } from '@faultline/instrumented';
import { Router } from 'express';
import { z } from 'zod';
import { findProduct, listProducts } from '../domain/products';
import type { ProductsDeps } from '../domain/products';
import { PUBLIC_API } from './public-api';

const idParams = z.object({ id: productIdSchema });

/**
 * GET /api/v1/products       { items: [product + available] }: catalog's list, inventory's
 *                            stock (available null for each when inventory does not answer)
 * GET /api/v1/products/:id   one product + available, or 404
 */
export function productRoutes(deps: ProductsDeps): Router {
  const router = Router();
  router.get(`${PUBLIC_API}/products`, async (_req, res) => {
    res.json({ items: await listProducts(deps) });
  });
  router.get(`${PUBLIC_API}/products/:id`, async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const product = await findProduct(deps, id);
    if (!product) throw new AppError('product_not_found', 404, `Product ${id} does not exist.`);
    res.json(product);
  });
  return router;
}
