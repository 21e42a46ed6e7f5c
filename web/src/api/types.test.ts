/**
 * The derived types resolve to the API's shapes: a path or schema renamed in docs/openapi.json
 * would otherwise turn an alias into `never` (which every property access accepts) or `any`.
 * These are type assertions: `npm run typecheck:web` fails on them, vitest only runs them.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { DeviceVerdict as CoreVerdict } from '../../../src/core/compliance/types.ts';
import type { SwapState as CoreSwapState } from '../../../src/core/lifecycle/swap.ts';
import type { Severity as CoreSeverity } from '../../../src/core/model.ts';
import type { HistoryResponse, TimelineResponse } from './dashboard.ts';
import type * as T from './types.ts';

describe('types derived from docs/openapi.json', () => {
  it('resolve every alias the dashboard reads', () => {
    expectTypeOf<T.Session>().not.toBeNever();
    expectTypeOf<T.Findings>().not.toBeNever();
    expectTypeOf<T.Summary>().not.toBeNever();
    expectTypeOf<T.Person>().not.toBeNever();
    expectTypeOf<T.Device>().not.toBeNever();
    expectTypeOf<T.DeviceDetail>().not.toBeNever();
    expectTypeOf<T.Posture>().not.toBeNever();
    expectTypeOf<T.Inspection>().not.toBeNever();
    expectTypeOf<T.Rotation>().not.toBeNever();
    expectTypeOf<T.Schedule>().not.toBeNever();
    expectTypeOf<T.Swap>().not.toBeNever();
    expectTypeOf<T.Custody>().not.toBeNever();
    expectTypeOf<T.Detection>().not.toBeNever();
    expectTypeOf<T.ScanJob>().not.toBeNever();
    expectTypeOf<T.Waiver>().not.toBeNever();
    expectTypeOf<T.IncidentStep>().not.toBeNever();
    expectTypeOf<T.Protocol>().not.toBeNever();
    expectTypeOf<T.ProtocolSummary>().not.toBeNever();
    expectTypeOf<T.ProtocolDetail>().not.toBeNever();
    expectTypeOf<T.ProtocolComparison>().not.toBeNever();
    expectTypeOf<T.AuditEvent>().not.toBeNever();
    expectTypeOf<T.AuditEventEntry>().not.toBeNever();
    expectTypeOf<T.CheckpointView>().not.toBeNever();
    expectTypeOf<T.InclusionProof>().not.toBeNever();
    expectTypeOf<HistoryResponse>().not.toBeNever();
    expectTypeOf<TimelineResponse>().not.toBeNever();
    expectTypeOf<T.VerdictCounts>().not.toBeAny();
  });

  it('carry the enums of the core', () => {
    expectTypeOf<T.Severity>().toEqualTypeOf<CoreSeverity>();
    expectTypeOf<T.Verdict>().toEqualTypeOf<CoreVerdict>();
    expectTypeOf<T.SwapState>().toEqualTypeOf<CoreSwapState>();
    expectTypeOf<T.Role>().toEqualTypeOf<'admin' | 'officer' | 'technician' | 'auditor' | 'staff'>();
  });

  it('take 201 when a route answers nothing else', () => {
    expectTypeOf<T.Ok<'/api/v1/incidents', 'post'>>().toEqualTypeOf<T.Incident>();
    expectTypeOf<T.Ok<'/api/v1/incidents/{id}', 'get'>>().toEqualTypeOf<T.Incident>();
  });
});
