/**
 * Masks card data and secrets in anything about to be logged. Keys are matched by name; string
 * values are scanned for card numbers (13–19 digits passing the Luhn check) and bearer tokens,
 * so a card number pasted into a message is caught too.
 */
import { passesLuhn } from '@faultline/contracts';

const SECRET_KEY =
  /^(cvv|cvc|cvv2|password|passwd|secret|token|access_?token|refresh_?token|api_?key|x-api-key|authorization|cookie|set-cookie|fault_admin_token|service_token|x-service-token)$/i;
const CARD_KEY = /^(card_?number|pan|primary_?account_?number)$/i;
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const MAX_DEPTH = 8;

export const REDACTED = '[REDACTED]';

/** Shows only the last four digits of a card number. */
export function maskCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 4 ? `************${digits.slice(-4)}` : REDACTED;
}

/** Replaces card numbers and bearer/basic credentials inside free text. */
export function redactText(text: string): string {
  let out = text;
  if (/\d{4}/.test(out)) {
    out = out.replace(CARD_CANDIDATE, (match) => {
      const digits = match.replace(/\D/g, '');
      return passesLuhn(digits) ? maskCardNumber(digits) : match;
    });
  }
  if (out.includes('Bearer') || out.includes('Basic') || /bearer|basic/i.test(out)) {
    out = out.replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  }
  return out;
}

function serializeError(error: Error, depth: number): Record<string, unknown> {
  const serialized: Record<string, unknown> = {
    type: error.name,
    message: redactText(error.message),
    stack: error.stack === undefined ? undefined : redactText(error.stack),
  };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') serialized['code'] = code;
  if (error.cause instanceof Error && depth < MAX_DEPTH) {
    serialized['cause'] = serializeError(error.cause, depth + 1);
  }
  return serialized;
}

/** `card.number`, `card.pan`: a generic key that holds a card number because of where it is. */
const isCardField = (key: string, parentKey: string | undefined): boolean =>
  CARD_KEY.test(key) ||
  (parentKey !== undefined && /card/i.test(parentKey) && /^(number|pan)$/i.test(key));

/** Returns a copy of `value` with secrets masked; errors become {type, message, stack}. */
export function redact(value: unknown, depth = 0, parentKey?: string): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[Truncated]';
  if (value instanceof Error) return serializeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, parentKey));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) out[key] = REDACTED;
    else if (isCardField(key, parentKey)) {
      out[key] = typeof item === 'string' ? maskCardNumber(item) : REDACTED;
    } else out[key] = redact(item, depth + 1, key);
  }
  return out;
}
