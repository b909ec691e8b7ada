import type { Incident } from '../../functions/domain/incident';
import type { Obligation, ObligationKind } from '../../functions/domain/obligations';
import type { SpotCheck } from '../../functions/domain/spot-checks';

/**
 * R-EVAL: a month of three units with known answers, computed by hand (see
 * `test/domain/evaluation.test.ts` for the arithmetic). All times are UTC on 2026-11-10
 * (Beijing 2026-11-10 09:00 onwards), evaluated as of 2026-11-11T00:00Z.
 *
 * - gaosheng-zone: Z1 on time; Z2 first report 20 min late, written report 15 min late;
 *   Z3 found in the media (first report missed); Z4 instruction feedback 60 min late and a
 *   follow-up not yet due; its spot check acknowledged after the deadline (missed).
 * - north-new-materials-park: P1 written report never filed (missed); P2 first report exactly
 *   at 30 min (on time), written verification answer 5 min late; P3 first report 30 min late;
 *   its spot check never acknowledged.
 * - county-work-safety: everything on time; one follow-up not yet due.
 */
export const SCENARIO_AS_OF = new Date('2026-11-11T00:00:00Z');
export const SCENARIO_UNITS = ['gaosheng-zone', 'north-new-materials-park', 'county-work-safety'];

const at = (time: string): string => `2026-11-10T${time}:00.000Z`;

function incident(
  incidentId: string,
  unitId: string,
  occurred: string,
  received: string,
  source: 'unit' | 'media' = 'unit',
): Incident {
  return {
    incidentId,
    unitId,
    title: `演练事件 ${incidentId}`,
    category: 'work-safety',
    incidentClass: 'accident',
    severity: 'general',
    occurredAt: at(occurred),
    location: '演练地点',
    receivedAt: at(received),
    status: 'open',
    source,
    verified: true,
    firstReportChannel: 'phone',
    reporter: { name: '王某', phone: '+8613800000000' },
  };
}

function obligation(
  incidentId: string,
  unitId: string,
  kind: ObligationKind,
  due: string,
  outcome: { status: Obligation['status']; metAt?: string; lateReason?: string },
): Obligation {
  return {
    incidentId,
    obligationId: kind === 'follow-up' ? 'follow-up-1' : kind,
    kind,
    unitId,
    status: outcome.status,
    openedAt: at('00:00'),
    dueAt: due.includes('T') ? due : at(due),
    escalationSchedule: [],
    ...(outcome.metAt ? { metAt: at(outcome.metAt), metByDocumentId: `DOC-${incidentId}-${kind}` } : {}),
    ...(outcome.lateReason ? { lateReason: outcome.lateReason } : {}),
    policyVersion: 'scenario',
    drillSpeed: 1,
  };
}

export const SCENARIO_INCIDENTS: Array<{ incident: Incident; obligations: Obligation[] }> = [
  {
    incident: incident('INC-Z1', 'gaosheng-zone', '01:00', '01:10'),
    obligations: [obligation('INC-Z1', 'gaosheng-zone', 'written-report', '01:40', { status: 'met', metAt: '01:30' })],
  },
  {
    incident: incident('INC-Z2', 'gaosheng-zone', '02:00', '02:50'),
    obligations: [
      obligation('INC-Z2', 'gaosheng-zone', 'written-report', '03:20', {
        status: 'late',
        metAt: '03:35',
        lateReason: '通讯中断',
      }),
    ],
  },
  {
    incident: incident('INC-Z3', 'gaosheng-zone', '04:00', '04:30', 'media'),
    obligations: [
      obligation('INC-Z3', 'gaosheng-zone', 'verification-phone', '04:50', { status: 'met', metAt: '04:45' }),
    ],
  },
  {
    incident: incident('INC-Z4', 'gaosheng-zone', '05:00', '05:05'),
    obligations: [
      obligation('INC-Z4', 'gaosheng-zone', 'instruction-feedback', '17:05', { status: 'late', metAt: '18:05' }),
      obligation('INC-Z4', 'gaosheng-zone', 'follow-up', '2026-11-12T00:00:00.000Z', { status: 'pending' }),
    ],
  },
  {
    incident: incident('INC-P1', 'north-new-materials-park', '06:00', '06:20'),
    obligations: [obligation('INC-P1', 'north-new-materials-park', 'written-report', '06:50', { status: 'overdue' })],
  },
  {
    incident: incident('INC-P2', 'north-new-materials-park', '07:00', '07:30'),
    obligations: [
      obligation('INC-P2', 'north-new-materials-park', 'verification-phone', '07:50', {
        status: 'met',
        metAt: '07:40',
      }),
      obligation('INC-P2', 'north-new-materials-park', 'verification-written', '08:10', {
        status: 'late',
        metAt: '08:15',
      }),
    ],
  },
  {
    incident: incident('INC-P3', 'north-new-materials-park', '08:00', '09:00'),
    obligations: [
      obligation('INC-P3', 'north-new-materials-park', 'written-report', '09:30', { status: 'met', metAt: '09:20' }),
    ],
  },
  {
    incident: incident('INC-W1', 'county-work-safety', '10:00', '10:01'),
    obligations: [
      obligation('INC-W1', 'county-work-safety', 'written-report', '10:31', { status: 'met', metAt: '10:20' }),
    ],
  },
  {
    incident: incident('INC-W2', 'county-work-safety', '11:00', '11:02'),
    obligations: [
      obligation('INC-W2', 'county-work-safety', 'written-report', '11:32', { status: 'met', metAt: '11:30' }),
      obligation('INC-W2', 'county-work-safety', 'instruction-feedback', '23:00', { status: 'met', metAt: '20:00' }),
    ],
  },
  {
    incident: incident('INC-W3', 'county-work-safety', '12:00', '12:03'),
    obligations: [
      obligation('INC-W3', 'county-work-safety', 'follow-up', '2026-11-12T00:00:00.000Z', { status: 'pending' }),
    ],
  },
];

function spotCheck(
  spotCheckId: string,
  unitId: string,
  started: string,
  due: string,
  acknowledged?: string,
): SpotCheck {
  return {
    spotCheckId,
    unitId,
    startedAt: at(started),
    startedBy: 'duty-officer:scenario',
    dueAt: at(due),
    ...(acknowledged ? { acknowledgedAt: at(acknowledged), acknowledgedBy: 'scenario' } : {}),
    policyVersion: 'scenario',
  };
}

export const SCENARIO_SPOT_CHECKS: SpotCheck[] = [
  spotCheck('SPC-W', 'county-work-safety', '13:00', '13:10', '13:05'),
  spotCheck('SPC-P', 'north-new-materials-park', '13:00', '13:10'),
  spotCheck('SPC-Z', 'gaosheng-zone', '13:00', '13:10', '13:12'),
];
