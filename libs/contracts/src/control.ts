import { z } from 'zod';
import { resetReportSchema } from './admin';

/** What a reset does, step by step: each process's faults, each service's data, the series. */
export const RESET_ACTIONS = [
  'clear_faults',
  'reset_data',
  'delete_series',
  'clean_tombstones',
  'keep_series',
] as const;

/** One step of a stack's reset as it went: what it did, or why it could not, in one line. */
export const resetStepSchema = z.object({
  /** The process (a service, the gateway) or `prometheus`. */
  target: z.string(),
  action: z.enum(RESET_ACTIONS),
  ok: z.boolean(),
  detail: z.string(),
  /** clear_faults: how many rules it removed. */
  cleared: z.number().int().min(0).optional(),
  /** reset_data: per table, what went and what came back. */
  tables: resetReportSchema.optional(),
});
export type ResetStepView = z.infer<typeof resetStepSchema>;

/** POST /control/api/reset: whether the shop's series go too, where Prometheus is known (yes). */
export const controlResetRequestSchema = z.strictObject(
  {
    deleteSeries: z.boolean({ error: 'must be true or false' }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `takes deleteSeries only, not ${issue.keys.join(', ')}`
        : 'must be a JSON object',
  },
);
export type ControlResetRequest = z.infer<typeof controlResetRequestSchema>;

/** POST /control/api/reset answers every step, and whether all of them went well. */
export const controlResetAnswerSchema = z.object({
  ok: z.boolean(),
  steps: z.array(resetStepSchema),
});
export type ControlResetAnswer = z.infer<typeof controlResetAnswerSchema>;

/** GET /control/api/stacks: the other stacks of the room this gateway's control room reaches. */
export const controlStacksAnswerSchema = z.object({
  items: z.array(z.object({ name: z.string(), url: z.string() })),
});
export type ControlStacksAnswer = z.infer<typeof controlStacksAnswerSchema>;
