export {
  type Artifact,
  compiledRoles,
  compileEnforcement,
  coverageByRole,
  explainCoverage,
  type RoleCoverage,
} from './compile.ts';
export { COVERAGE, COVERAGE_COLUMNS, COVERAGE_LEVELS, PROTOCOL_SETTINGS, TARGET_COLUMNS } from './coverage.ts';
export type { TargetRelease } from './intent.ts';
export { ENFORCEMENT_TARGETS, type EnforcementTarget } from './targets.ts';
