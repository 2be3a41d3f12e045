export { describeFinding, diagnose } from './diagnose';
export type { DiagnosisSample, DiagnosisSpan, Finding, Telemetry } from './telemetry';
