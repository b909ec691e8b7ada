import type { DutyBasis } from './duty-resolution';
// The records the service keeps about an incident beside its documents: the messages sent, the
// whole incident as read at once, the gateway's SMS. Domain types, no storage: the repositories
// (functions/shared/repositories) store them, the console reads them (type-only).
import type { Acknowledgement } from './acknowledgements';
import type { AuditEvent } from './audit-chain';
import type {
  Incident,
  Instruction,
  InstructionFeedback,
  Report,
  VerificationAnswer,
  VerificationRequest,
} from './incident';
import type { Obligation } from './obligations';

export type EscalationChannel = 'sms' | 'email';

/** Why a message was sent: a reminder, an escalation round (R-LADDER), or an immediate notification (routing). */
export type MessagePurpose = 'reminder' | 'escalation' | 'notification';

/**
 * One SMS or e-mail to one contact. Claimed with a conditional write before it is sent, so a
 * re-run of the task never sends a message that is already marked sent.
 */
export interface MessageRecord {
  incidentId: string;
  /** Unique per incident and sending, e.g. `written-report#step-2#repeat-0`, `written-report#reminder`, `immediate`. */
  messageKey: string;
  purpose: MessagePurpose;
  obligationId?: string;
  escalationStep?: number;
  repeat?: number;
  unitId: string;
  contactId: string;
  contactName: string;
  /** Issue 15: the roster entry (shift or override) that made this contact the recipient, when one did. */
  onDuty?: DutyBasis;
  channel: EscalationChannel;
  to: string;
  /** The text sent (the SMS, or the e-mail subject), kept for the record and for an e-mail fallback. */
  text?: string;
  /**
   * `queued`: the recipient was sent an SMS moments ago; this one goes out merged into the next digest.
   * `unconfirmed`: two attempts never said how they ended (crashes): not sent a third time; the operators check.
   * `withdrawn`: held for a digest, and no longer owed when the digest went out (filed, or the incident closed): not
   * sent.
   */
  status: 'sending' | 'sent' | 'failed' | 'queued' | 'unconfirmed' | 'withdrawn';
  /** Set on `failed` when SNS refused the message itself: no retry sends it. */
  permanentFailure?: boolean;
  /** When it was sent once more because an earlier attempt never said how it ended. */
  resentAfterUnknownOutcome?: string;
  /** What SNS's delivery-status logging later said, when the SMS did not reach the phone. */
  deliveryStatus?: 'failed';
  deliveryError?: string;
  claimedAt: string;
  attempts: number;
  sentAt?: string;
  messageId?: string;
  lastError?: string;
}

/** Everything a first report creates at once (R-INTAKE), written in one batch. */
export interface NewIncidentRecord {
  incident: Incident;
  report: Report;
  obligations: Obligation[];
  verificationRequests: VerificationRequest[];
  /**
   * R-AUDIT: the chain's head after the incident's first events, written with the rest (they were appended without
   * moving it); none without events.
   */
  chainHead?: Pick<AuditEvent, 'seq' | 'hash' | 'at'>;
}

/** Everything kept about one incident, read in one query. */
export interface IncidentRecord {
  incident: Incident;
  reports: Report[];
  obligations: Obligation[];
  verificationRequests: VerificationRequest[];
  verificationAnswers: VerificationAnswer[];
  instructions: Instruction[];
  instructionFeedback: InstructionFeedback[];
  messages: MessageRecord[];
  acknowledgements: Acknowledgement[];
  timeline: AuditEvent[];
}

/** What became of one SMS in the `gateway` mode: claimed, then sent by the provider or fallen back to e-mail. */
export interface GatewaySmsRecord {
  snsMessageId: string;
  status: 'sending' | 'sent' | 'fell-back';
  attempts: number;
  claimedAt: string;
  /** The provider's receipt, or the last provider answer that refused it. */
  bizId?: string;
  lastResult?: string;
}
