import { z } from 'zod';

/** What one table lost and got back when a service's data went back to its seed. */
export const tableResetSchema = z.object({
  /** Rows deleted. */
  removed: z.number().int().min(0),
  /** Seed rows inserted again (0 for a table the migrations seed nothing into). */
  seeded: z.number().int().min(0),
});
export type TableReset = z.infer<typeof tableResetSchema>;

/** Per table, what a reset did: POST /admin/reset answers `{ reset: ResetReport }`. */
export const resetReportSchema = z.record(z.string(), tableResetSchema);
export type ResetReport = z.infer<typeof resetReportSchema>;
