export {
  type Artifact,
  compiledRoles,
  compileEnforcement,
  coverageByRole,
  explainCoverage,
  type RoleCoverage,
} from './compile.ts';
export { COVERAGE, COVERAGE_COLUMNS, COVERAGE_LEVELS, PROTOCOL_SETTINGS } from './coverage.ts';
export type { TargetRelease } from './intent.ts';
export { ENFORCEMENT_TARGETS, type EnforcementTarget } from './targets.ts';
