/**
 * The dashboard read endpoints (src/adapters/http/routes/dashboard.routes.ts)
 * turned into what the charts take.
 */
import type { DeviceHistory, HistoryDay } from '../lib/charts.ts';
import type { Ok } from './types.ts';

export type HistoryResponse = Ok<'/api/v1/compliance/history'>;

/** Days still pending are left out (the chart fills in as the server computes them). */
export function historyDays(h: HistoryResponse): HistoryDay[] {
  return h.days.flatMap((d) =>
    d.counts === null
      ? []
      : [
          {
            date: d.date,
            compliant: d.counts.byVerdict.compliant,
            waived: d.counts.byVerdict.waived,
            nonCompliant: d.counts.byVerdict['non-compliant'],
          },
        ],
  );
}

export type TimelineResponse = Ok<'/api/v1/people/{id}/timeline'>;

export interface TimelineDevice {
  readonly deviceId: string;
  readonly role: TimelineResponse['devices'][number]['role'];
  readonly model: string;
  readonly history: DeviceHistory;
}

export function timelineDevices(t: TimelineResponse): TimelineDevice[] {
  return t.devices.map((d) => ({
    deviceId: d.deviceId,
    role: d.role,
    model: d.model,
    history: {
      points: d.series.map((p) => ({
        t: Date.parse(p.at),
        swap: p.daysSinceSwap,
        check: p.daysSinceCheck,
        swapLimit: p.swapLimitDays,
        checkLimit: p.checkLimitDays,
      })),
      checks: d.checks.map((c) => ({
        at: c.at,
        result: c.qualifies ? c.result : `${c.result} (method not accepted)`,
      })),
      refusals: d.refusals.map((r) => ({ at: r.at, action: r.action, reason: r.reason })),
      // A waiver covers from its start to its end (revoked) or expiry; requested or rejected ones never did.
      waivers: d.waivers
        .filter((w) => w.state === 'approved' || w.state === 'revoked' || w.state === 'expired')
        .map((w) => ({ from: w.startsAt, to: w.endedAt ?? w.expiresAt, rule: w.rule })),
      current:
        d.current === null
          ? null
          : {
              daysSinceSwap: d.current.daysSinceSwap,
              daysSinceCheck: d.current.daysSinceCheck,
              swapOver: d.current.rotationOverdue,
              checkOver: d.current.checkOverdue,
            },
    },
  }));
}
