import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { instrumentationConfigs } from './configs';
import type { InstrumentationList } from './configs';
import type { InstrumentationSettings } from '../settings';

/** The default: only the five instrumentations Faultline uses, each loaded on its own. */
export function curatedInstrumentations(settings: InstrumentationSettings): InstrumentationList {
  const configs = instrumentationConfigs(settings);
  return [
    new HttpInstrumentation(configs['@opentelemetry/instrumentation-http']),
    new ExpressInstrumentation(configs['@opentelemetry/instrumentation-express']),
    new UndiciInstrumentation(configs['@opentelemetry/instrumentation-undici']),
    new PgInstrumentation(configs['@opentelemetry/instrumentation-pg']),
    new PinoInstrumentation(configs['@opentelemetry/instrumentation-pino']),
  ];
}
