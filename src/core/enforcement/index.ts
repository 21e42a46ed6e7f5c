export { type Artifact, compiledRoles, compileEnforcement, explainCoverage } from './compile.ts';
export { COVERAGE, PROTOCOL_SETTINGS } from './coverage.ts';
export type { TargetRelease } from './intent.ts';
export { ENFORCEMENT_TARGETS, type EnforcementTarget } from './targets.ts';
