export { freshMetrics } from './fresh-metrics';
export { startInMemoryTracing } from './in-memory-tracing';
export type { InMemoryTracing } from './in-memory-tracing';
export { captureLogs } from './log-capture';
export type { LogCapture, LogLine } from './log-capture';
export { startOtlpReceiver } from './otlp-receiver';
export type { OtlpReceiver, ReceivedLog, ReceivedSpan } from './otlp-receiver';
export { listenForTest } from './listen';
export type { ListeningApp } from './listen';
