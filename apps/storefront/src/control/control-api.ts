import { controlResetAnswerSchema, controlStacksAnswerSchema } from '@faultline/contracts';
import type { ControlResetAnswer, ControlStacksAnswer } from '@faultline/contracts';
import { z } from 'zod';
import { isApiError } from '../api/api-error';
import { callApi } from '../api/http';
import { CONTROL_API, PROCESSES } from './processes';

const timedFault = z.object({
  service: z.enum(PROCESSES),
  startAfterSeconds: z.number(),
  durationSeconds: z.number(),
  rule: z.looseObject({ point: z.string(), kind: z.string() }),
});

const scenarioSchema = z.object({
  name: z.string(),
  codename: z.string(),
  title: z.string(),
  story: z.string(),
  symptoms: z.string(),
  runsSeconds: z.number(),
  faults: z.array(timedFault).min(1),
});

/** A scenario as the gateway offers it: its story, its mystery face, and its timeline. */
export type ScenarioView = z.infer<typeof scenarioSchema>;

const revealSchema = z.object({
  name: z.string(),
  codename: z.string(),
  title: z.string(),
  story: z.string(),
  rootCause: z.string(),
  answer: z.object({ service: z.string(), fault: z.string() }),
  faults: z.array(z.object({ service: z.string(), point: z.string(), kind: z.string() })),
});
export type Reveal = z.infer<typeof revealSchema>;

const verdictSchema = z.union([
  z.object({ right: z.literal(true), reveal: revealSchema }),
  z.object({ right: z.literal(false), hint: z.string() }),
]);
export type Verdict = z.infer<typeof verdictSchema>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The scenarios, which also proves the token: a refused one is an ApiError of 401 or 403, and
 * nothing of the control room is shown.
 */
export async function loadScenarios(token: string): Promise<ScenarioView[]> {
  const answer = await callApi('/control/api/scenarios', {
    headers: bearer(token),
    accept: [200],
    schema: z.object({ items: z.array(scenarioSchema) }),
  });
  return answer.body.items;
}

/** A guess at the scenario running now on a stack (this one unless told); ApiError 409 when none is. */
export async function guessScenario(
  token: string,
  guess: { service: string; kind: string },
  base: string = CONTROL_API,
): Promise<Verdict> {
  const answer = await callApi(`${base}/guess`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify(guess),
    accept: [200],
    schema: verdictSchema,
  });
  return answer.body;
}

/** Another stack of the room, as this gateway lists it (CONTROL_STACKS). */
export type OtherStackView = ControlStacksAnswer['items'][number];

/**
 * The room's other stacks this gateway reaches; none from a gateway that has no such list (an
 * older one answers 404), so the panel shows no stack choice there.
 */
export async function loadStacks(token: string): Promise<OtherStackView[]> {
  try {
    const answer = await callApi(`${CONTROL_API}/stacks`, {
      headers: bearer(token),
      accept: [200],
      schema: controlStacksAnswerSchema,
    });
    return answer.body.items;
  } catch (error) {
    if (isApiError(error) && error.status === 404) return [];
    throw error;
  }
}

/**
 * `faultline reset` on one stack (its control room API at `base`): every fault cleared, its data
 * back to the seed, and its series deleted where its gateway knows Prometheus and `deleteSeries`.
 * Every step as the stack reports it; an ApiError when the stack gave no report.
 */
export async function resetOnStack(
  token: string,
  base: string,
  deleteSeries: boolean,
): Promise<ControlResetAnswer> {
  const answer = await callApi(`${base}/reset`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify({ deleteSeries }),
    accept: [200],
    schema: controlResetAnswerSchema,
  });
  return answer.body;
}
