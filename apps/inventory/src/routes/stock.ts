import { setStockRequestSchema, skuSchema } from '@faultline/contracts';
import { AppError, parseOrThrow } from '@faultline/instrumented';
import { Router } from 'express';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { StockRepository } from '../domain/ports';

const skuParams = z.object({ sku: skuSchema });

/**
 * GET /stock         { items: [{ sku, available }] } for every SKU
 * GET /stock/:sku    one SKU's level, or 404
 * PUT /stock/:sku    sets (or creates) a SKU's available units: restocking by tests and workshop hosts
 */
export function stockRoutes(stock: StockRepository, json: RequestHandler): Router {
  const router = Router();
  router.get('/stock', async (_req, res) => {
    res.json({ items: await stock.list() });
  });
  router.get('/stock/:sku', async (req, res) => {
    const { sku } = parseOrThrow(skuParams, req.params, 'path');
    const level = await stock.find(sku);
    if (!level) throw new AppError('sku_not_found', 404, `SKU ${sku} is not stocked.`);
    res.json(level);
  });
  router.put('/stock/:sku', json, async (req, res) => {
    const { sku } = parseOrThrow(skuParams, req.params, 'path');
    const { available } = parseOrThrow(setStockRequestSchema, req.body, 'body');
    res.json(await stock.set(sku, available));
  });
  return router;
}
