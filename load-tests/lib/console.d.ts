// k6's global console (console.log, .info, .warn, .error, .debug print through k6's logger).
// @types/k6 declares none, and these scripts are type-checked without DOM or Node types.
declare const console: {
  log(...data: unknown[]): void;
};
