import { z } from 'zod';
import { callApi } from '../api/http';
import { PROCESSES } from './processes';

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

/** A guess at the scenario running now; ApiError 409 when none is. */
export async function guessScenario(
  token: string,
  guess: { service: string; kind: string },
): Promise<Verdict> {
  const answer = await callApi('/control/api/guess', {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify(guess),
    accept: [200],
    schema: verdictSchema,
  });
  return answer.body;
}
