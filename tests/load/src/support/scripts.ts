/** Loads the k6 scripts of load-tests/ (through the stand-in modules) and runs their iterations. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clearLedger, ledger } from '../k6-stand-in/ledger';
import type { Ledger } from '../k6-stand-in/ledger';
import { resetResponseCallback } from '../k6-stand-in/http';
import type { ScriptOptions } from './k6-options';

declare global {
  // k6's globals, which the scripts read.
  var __ENV: Record<string, string>;
  var __VU: number;
  var __ITER: number;
}

export const LOAD_TESTS = resolve(__dirname, '..', '..', '..', '..', 'load-tests');

/** The k6 scripts: every .ts file at the top of load-tests/ (lib/ holds what they share). */
export const scriptFiles = (): string[] =>
  readdirSync(LOAD_TESTS)
    .filter((file) => file.endsWith('.ts'))
    .sort();

export type ScriptModule = Record<string, unknown> & { options?: ScriptOptions };

/**
 * A script's module as k6 would load it, its `k6` imports answered by the stand-in (jest's
 * moduleNameMapper). Call with __ENV set: scripts read it as they load. Each load starts from
 * k6's default response callback, as each k6 run does.
 */
export function loadScript(file: string): ScriptModule {
  resetResponseCallback();
  return jest.requireActual<ScriptModule>(join(LOAD_TESTS, file));
}

/** What one iteration did: a copy of the ledger's requests, checks and samples. */
export type Iteration = Pick<Ledger, 'requests' | 'checks' | 'samples'>;

/** Runs a scenario's iteration once (its `exec` function, or the default one) as VU 1, iteration 0. */
export function runIteration(script: ScriptModule, scenario: string): Iteration {
  const config = script.options?.scenarios?.[scenario];
  if (!config) throw new Error(`no scenario ${scenario}`);
  const iteration = script[config.exec ?? 'default'];
  if (typeof iteration !== 'function') throw new Error(`scenario ${scenario}: no function to run`);
  const env = globalThis.__ENV;
  globalThis.__ENV = { ...env, ...(config['env'] as Record<string, string> | undefined) };
  globalThis.__VU = 1;
  globalThis.__ITER = 0;
  clearLedger();
  try {
    (iteration as () => void)();
  } finally {
    globalThis.__ENV = env;
  }
  return {
    requests: [...ledger.requests],
    checks: [...ledger.checks],
    samples: [...ledger.samples],
  };
}

/** Whether a request's endpoint tag (`GET /orders/:id`) describes its method and URL. */
export function endpointMatches(endpoint: string, method: string, url: string): boolean {
  const [tagMethod, pattern = ''] = endpoint.split(' ');
  const path = new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return tagMethod === method && path.test(new URL(url).pathname);
}
