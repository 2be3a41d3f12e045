import { PRODUCT_ID, productIdSchema } from '@faultline/contracts';
import type { ProductList } from '@faultline/contracts';
import { AppError, parseOrThrow } from '@faultline/instrumented';
import { Router } from 'express';
import { z } from 'zod';
import type { ProductRepository } from '../domain/ports';

const MAX_IDS = 50;

const listQuery = z.object({
  ids: z
    .string()
    .transform((value) => value.split(',').map((id) => id.trim()))
    .pipe(
      z
        .array(z.string().regex(PRODUCT_ID, 'each id must look like prd_01'))
        .min(1, 'give at least one id')
        .max(MAX_IDS, `give at most ${MAX_IDS} ids`),
    )
    .optional(),
});

const idParams = z.object({ id: productIdSchema });

/**
 * GET /products                 every product
 * GET /products?ids=prd_01,…    batch lookup (the order service prices a cart with it); unknown ids are left out
 * GET /products/:id             one product, or 404
 */
export function productRoutes(products: ProductRepository): Router {
  const router = Router();
  router.get('/products', async (req, res) => {
    const { ids } = parseOrThrow(listQuery, req.query, 'query');
    const items =
      ids === undefined ? await products.list() : await products.findByIds([...new Set(ids)]);
    const answer: ProductList = { items };
    res.json(answer);
  });
  router.get('/products/:id', async (req, res) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const product = await products.findById(id);
    if (!product) throw new AppError('product_not_found', 404, `Product ${id} does not exist.`);
    res.json(product);
  });
  return router;
}
