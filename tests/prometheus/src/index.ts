// testPrometheusConfig lives in @faultline/stack (a library), so the end-to-end suite may import it
// under the module-boundary rules; this project proves it against promtool (test-config.spec.ts).
export { durationMs, testPrometheusConfig } from '@faultline/stack';
export type { TestPrometheusConfigOptions } from '@faultline/stack';
