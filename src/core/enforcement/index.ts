export type { Declaration, Sha256 } from './apple.ts';
export {
  type Artifact,
  type CompileOptions,
  compiledRoles,
  compileEnforcement,
  explainCoverage,
} from './compile.ts';
export { COVERAGE, type CoverageLevel, PROTOCOL_SETTINGS } from './coverage.ts';
export type { TargetRelease } from './intent.ts';
export { ENFORCEMENT_TARGETS, type EnforcementTarget } from './targets.ts';
