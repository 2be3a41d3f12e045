import { z } from 'zod';

/** What a client may send as Idempotency-Key. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9:_-]{1,128}$/;

/** The Idempotency-Key header of a request that must not run twice. */
export const idempotencyKeySchema = z
  .string({ error: 'is required' })
  .min(1, { error: 'is required', abort: true })
  .regex(IDEMPOTENCY_KEY, 'must be 1 to 128 characters of A-Z, a-z, 0-9, ":", "_", "-"');

/** The header object routes validate: `{ 'Idempotency-Key': … }`, named `header.Idempotency-Key`. */
export const idempotencyHeaderSchema = z.object({ 'Idempotency-Key': idempotencyKeySchema });
