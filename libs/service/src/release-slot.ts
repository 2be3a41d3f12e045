/*
 * The canary slot on its own, without the rest of the service shape (express, pg, OpenTelemetry):
 * @faultline/service/release-slot, what compose's payment canary slot loads.
 */
export { canarySlot } from './canary-slot';
export type { CanaryDeployment, CanarySlot, CanarySlotDeps, ReleaseProcess } from './canary-slot';
export { deploymentApi } from './deployment-api';
export { answersReady, spawnRelease, waitUntilReady } from './release-process';
export type { SpawnReleaseOptions } from './release-process';
