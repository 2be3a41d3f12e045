import { INVALID_TRACEID as INVALID_TRACE_ID, trace } from '@opentelemetry/api';
import pino from 'pino';
import type { DestinationStream, Logger, LevelWithSilent } from 'pino';
import { currentRequestId } from './request-context';
import { redact, redactText } from './redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** service.name; on every line as `service`. */
  service: string;
  level?: LevelWithSilent;
  /** Where lines go; stdout when omitted. Tests pass a capture stream. */
  destination?: DestinationStream;
}

/** Adds trace_id/span_id of the active span and the request id to every line. */
function correlationFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && spanContext.traceId !== INVALID_TRACE_ID) {
    fields['trace_id'] = spanContext.traceId;
    fields['span_id'] = spanContext.spanId;
  }
  const requestId = currentRequestId();
  if (requestId !== undefined) fields['request_id'] = requestId;
  return fields;
}

/**
 * A pino logger writing one JSON object a line:
 * time, level (as a word), service, msg, event, trace_id, span_id, request_id, error{type,message,stack}.
 * Card numbers, CVVs, credentials and tokens are masked before anything is written.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      messageKey: 'msg',
      errorKey: 'error',
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: correlationFields,
      // Errors are already {type, message, stack} after redaction; pino's default would re-serialise them.
      serializers: { error: (value: unknown) => value },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
