import { z } from 'zod';

/** An RFC 9457 problem+json answer as every Faultline service writes it; extensions pass through. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
});

/** A problem+json answer. */
export type Problem = z.infer<typeof problemSchema>;
