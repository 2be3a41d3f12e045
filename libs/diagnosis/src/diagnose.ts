import { memoryLeak, networkResets, stoppedWorker } from './metric-detectors';
import {
  brandDeclines,
  cpuHotLoop,
  databaseLatency,
  externalLatency,
  gatewayErrors,
  silentApprovals,
  versionRegression,
} from './span-detectors';
import type { Finding, Telemetry } from './telemetry';

type Detector = (t: Telemetry) => Finding | undefined | Promise<Finding | undefined>;

/**
 * The order an on-call engineer rules causes in: a cause that explains other symptoms comes
 * before those symptoms. A stopped retry worker explains a backlog of failed payments; a broken
 * connection explains failed calls; a release slower than the one beside it explains whatever
 * its new code path does (a hot loop in it, say); a hot loop blocks its process's event loop, so even its SQL
 * spans look slow, and it comes before a slow database; either explains slow checkouts that look
 * like everything else being slow.
 */
const DETECTORS: readonly Detector[] = [
  stoppedWorker,
  networkResets,
  versionRegression,
  cpuHotLoop,
  databaseLatency,
  memoryLeak,
  externalLatency,
  silentApprovals,
  brandDeclines,
  gatewayErrors,
];

/**
 * Every fault the telemetry supports, the most explanatory first; empty when all looks healthy.
 * Looks only at exported spans and Prometheus: it never asks the services what was injected.
 */
export async function diagnose(telemetry: Telemetry): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const detect of DETECTORS) {
    try {
      const finding = await detect(telemetry);
      if (finding) findings.push(finding);
    } catch (error) {
      // One unanswerable question (a query Prometheus refused) must not lose the other answers.
      findings.push({
        service: 'diagnosis',
        fault: `${detect.name} could not run`,
        evidence: [error instanceof Error ? error.message : String(error)],
      });
    }
  }
  return findings;
}

/** "payment: card gateway returning 503" */
export const describeFinding = (finding: Finding): string => `${finding.service}: ${finding.fault}`;
