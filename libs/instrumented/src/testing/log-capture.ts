import type { DestinationStream } from 'pino';

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { level: string; msg?: string };

export interface LogCapture {
  /** Pass as `createLogger({ destination })`. */
  destination: DestinationStream;
  /** Every line written so far, parsed. */
  lines(): LogLine[];
  /** Every line written so far, raw, as one string (for "does this text appear anywhere" checks). */
  text(): string;
}

/** Captures a logger's output in memory. */
export function captureLogs(): LogCapture {
  const raw: string[] = [];
  return {
    destination: {
      write(chunk: string) {
        raw.push(chunk);
      },
    },
    lines: () =>
      raw
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LogLine),
    text: () => raw.join(''),
  };
}
