import { z } from 'zod';
import { required } from './field-error';

/** Product ids look like `prd_01`. */
export const PRODUCT_ID = /^prd_[a-z0-9]{1,32}$/;

/** SKUs look like `FL-TENT-2P`: letters, digits, `_` or `-`, at most 64. */
export const SKU = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Order ids as inventory accepts them: 1–64 letters, digits, `_` or `-` (order uses UUIDs). */
export const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A product id like `prd_01`. */
export const productIdSchema = z.string().regex(PRODUCT_ID, 'must look like prd_01');

/** A SKU like `FL-TENT-2P`. */
export const skuSchema = z
  .string({ error: required('must be a string') })
  .regex(SKU, 'must look like FL-TENT-2P');

/** An order id as inventory keys reservations by it. */
export const orderIdSchema = z
  .string({ error: required('must be a string') })
  .regex(ORDER_ID, 'must be 1 to 64 letters, digits, _ or -');
