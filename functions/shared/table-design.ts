/**
 * The single-table design, shared by the CDK stack and the local runtime so both build the
 * same table.
 *
 * | item        | pk                 | sk                                   |
 * |-------------|--------------------|--------------------------------------|
 * | incident    | INCIDENT#<id>      | INCIDENT                             |
 * | report      | INCIDENT#<id>      | REPORT#<receivedAt>#<reportId>       |
 * | obligation  | INCIDENT#<id>      | OBLIGATION#<obligationId>            |
 * | verification request | INCIDENT#<id> | VERIFICATION#<requestId>                  |
 * | answer      | INCIDENT#<id>      | ANSWER#<requestId>#<channel>  (one per channel: the first wins) |
 * | instruction | INCIDENT#<id>      | INSTRUCTION#<instructionId>          |
 * | feedback    | INCIDENT#<id>      | FEEDBACK#<instructionId>  (one per instruction: the first wins) |
 * | attachment  | INCIDENT#<id>      | ATTACHMENT#<attachmentId>  → a photo or video, staged, then on one report
 * (R-INTAKE) |
 * | message     | INCIDENT#<id>      | MESSAGE#<messageKey>#<contactId>#<channel> (one per SMS or e-mail) |
 * | ack code    | INCIDENT#<id>      | ACKCODE#<obligationId>#<step>  → the code of a ladder step |
 * | ack code    | ACKCODE#<code>     | ACKCODE  → the step a code belongs to (codes are unique) |
 * | acknowledgement | INCIDENT#<id>  | ACKNOWLEDGED#<obligationId>#<step>  (first one wins) |
 * | event       | EVENTS#<id>        | EVENT#<seq, 10 digits>  (append-only hash chain, R-AUDIT; IAM denies update and
 * delete) |
 * | chain head  | INCIDENT#<id>      | CHAINHEAD  → the last event's seq and hash, moved under a condition with each
 * append (R-AUDIT) |
 * | final claim | INCIDENT#<id>      | FINALREPORT → the one final report being filed (R-LIFECYCLE) |
 * | request pin | REQUEST#<sha-256 of Idempotency-Key scope and body> | PIN → the clock and ID seed of a keyed request
 * (expires with the idempotency record) |
 * | spot check  | SPOTCHECK#<id>     | SPOTCHECK                            |
 * | unit        | DIRECTORY          | UNIT#<unitId>  → a unit with its contacts, its version and the audit event
 * of its last change until that is in the unit's chain (issue 15) |
 * | seed mark   | DIRECTORY          | SEEDED  → when `units.json` seeded the empty directory (never again after) |
 * | roster shift | ROSTER#<unitId>   | DUTY#<startsAt>#SHIFT#<shiftId>  (R-LADDER duty roster, 值班表) |
 * | roster override | ROSTER#<unitId> | DUTY#<startsAt>#OVERRIDE#<overrideId>  (a swap or stand-in, 替班) |
 * | SMS slot    | SMSSLOT#<phone>    | SLOT  → when the phone's current SMS window began |
 * | SNS message | SNSMESSAGE#<messageId> | <incidentId>#<messageKey>#<contactId>#<channel> → the message(s) SNS sent
 * under that ID |
 * | queued SMS  | SMS#QUEUED         | <phone>#<incidentId>#<messageKey>#<contactId> (one per message, merged into the
 * next digest) |
 * | SMS digest  | SMSDIGEST#<phone>  | <windowStart> → one merged SMS, claimed with its queued SMS before it is sent |
 * | gateway SMS | SMSGATEWAY#<snsMessageId> | SMS  → what the domestic provider made of one SMS (`gateway` mode: sent,
 * or fell back to e-mail) |
 *
 * Open obligations also carry `pendingPk`/`pendingSk` (the sparse GSI "obligations pending by
 * due time"); settling one removes them. Open incidents are listed in the same index under
 * their own partition (`INCIDENTS#OPEN`, by receipt), and the final report removes them. Chain
 * heads that moved since their last anchoring are listed there too (`CHAINHEADS#UNANCHORED`),
 * until the anchoring run has written them to the write-once store.
 *
 * Incidents and spot checks carry `monthPk`/`monthSk` (GSI "items by month"): partition
 * `INCIDENTS#<yyyy-MM>` / `SPOTCHECKS#<yyyy-MM>` in Asia/Shanghai local time, sorted by time,
 * so an evaluation of any period (R-EVAL) queries the months it spans instead of scanning.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  pendingObligationsIndex: {
    indexName: 'PendingObligationsByDueTime',
    partitionKey: 'pendingPk',
    sortKey: 'pendingSk',
  },
  itemsByMonthIndex: { indexName: 'ItemsByMonth', partitionKey: 'monthPk', sortKey: 'monthSk' },
} as const;

/** Both secondary indexes, for the stack and the local table to create alike. */
export const SECONDARY_INDEXES = [TABLE_DESIGN.pendingObligationsIndex, TABLE_DESIGN.itemsByMonthIndex] as const;

/** Open incidents, by receipt, in the pending index. */
export const OPEN_INCIDENTS_PARTITION = 'INCIDENTS#OPEN';

/** The local (Asia/Shanghai) month of an instant, `yyyy-MM`. */
export function localMonth(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(at);
}

/**
 * Every local month from `from`'s to `to`'s, inclusive.
 *
 * @example
 * ```ts
 * localMonthsBetween(new Date('2026-10-31T17:00:00Z'), new Date('2026-12-02T00:00:00Z')); // ['2026-11', '2026-12']
 * ```
 */
export function localMonthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const last = localMonth(to);
  let [year, month] = localMonth(from).split('-').map(Number) as [number, number];
  for (let current = localMonth(from); current <= last;) {
    months.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    current = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/** The month partitions of the items-by-month index. */
export const monthPartition = {
  incidents: (month: string) => `INCIDENTS#${month}`,
  spotChecks: (month: string) => `SPOTCHECKS#${month}`,
};

export const PENDING_OBLIGATIONS_PARTITION = 'OBLIGATIONS#OPEN';

/** R-AUDIT: chain heads not yet anchored in the write-once store, in the pending index. */
export const UNANCHORED_CHAIN_HEADS_PARTITION = 'CHAINHEADS#UNANCHORED';

/** Issue 15: the directory of units and contacts, as data. */
export const DIRECTORY_PARTITION = 'DIRECTORY';

/** Where SMS wait to be merged into one digest per phone. */
export const QUEUED_SMS_PARTITION = 'SMS#QUEUED';

/** The partition-key prefix of audit events; the IAM deny on update and delete matches it. */
export const EVENTS_PARTITION_PREFIX = 'EVENTS#';

/** The sort-key prefix of an incident's attachments (one query lists them). */
export const ATTACHMENT_SORT_PREFIX = 'ATTACHMENT#';

/** A unit's duty roster: one partition per unit (R-LADDER). */
export const ROSTER_PARTITION_PREFIX = 'ROSTER#';

/** The sort-key prefix of roster items, followed by the item's start (canonical ISO, so it sorts as time does). */
export const ROSTER_SORT_PREFIX = 'DUTY#';

export const keys = {
  incident: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  report: (incidentId: string, receivedAt: string, reportId: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `REPORT#${receivedAt}#${reportId}`,
  }),
  obligation: (incidentId: string, obligationId: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `OBLIGATION#${obligationId}`,
  }),
  verificationRequest: (incidentId: string, requestId: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `VERIFICATION#${requestId}`,
  }),
  answer: (incidentId: string, requestId: string, channel: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `ANSWER#${requestId}#${channel}`,
  }),
  instruction: (incidentId: string, instructionId: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `INSTRUCTION#${instructionId}`,
  }),
  feedback: (incidentId: string, instructionId: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `FEEDBACK#${instructionId}`,
  }),
  attachment: (incidentId: string, attachmentId: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `${ATTACHMENT_SORT_PREFIX}${attachmentId}`,
  }),
  message: (incidentId: string, messageKey: string, contactId: string, channel: string) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `MESSAGE#${messageKey}#${contactId}#${channel}`,
  }),
  stepAcknowledgementCode: (incidentId: string, obligationId: string, step: number) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `ACKCODE#${obligationId}#${step}`,
  }),
  acknowledgementCode: (code: string) => ({ pk: `ACKCODE#${code}`, sk: 'ACKCODE' }),
  chainHead: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'CHAINHEAD' }),
  finalReport: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'FINALREPORT' }),
  acknowledgement: (incidentId: string, obligationId: string, step: number) => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `ACKNOWLEDGED#${obligationId}#${step}`,
  }),
  spotCheck: (spotCheckId: string) => ({ pk: `SPOTCHECK#${spotCheckId}`, sk: 'SPOTCHECK' }),
  // Issue 15: the whole directory is one partition, so loading it is one Query (about 40 units: a few KB).
  directoryUnit: (unitId: string) => ({ pk: DIRECTORY_PARTITION, sk: `UNIT#${unitId}` }),
  directorySeed: () => ({ pk: DIRECTORY_PARTITION, sk: 'SEEDED' }),
  // Shifts and overrides share the `DUTY#<startsAt>` prefix, so one query of a time range reads both.
  rosterShift: (unitId: string, startsAt: string, shiftId: string) => ({
    pk: `${ROSTER_PARTITION_PREFIX}${unitId}`,
    sk: `${ROSTER_SORT_PREFIX}${startsAt}#SHIFT#${shiftId}`,
  }),
  rosterOverride: (unitId: string, startsAt: string, overrideId: string) => ({
    pk: `${ROSTER_PARTITION_PREFIX}${unitId}`,
    sk: `${ROSTER_SORT_PREFIX}${startsAt}#OVERRIDE#${overrideId}`,
  }),
  snsMessage: (messageId: string, incidentId: string, messageKey: string, contactId: string, channel: string) => ({
    pk: `SNSMESSAGE#${messageId}`,
    sk: `${incidentId}#${messageKey}#${contactId}#${channel}`,
  }),
  smsSlot: (phone: string) => ({ pk: `SMSSLOT#${phone}`, sk: 'SLOT' }),
  gatewaySms: (snsMessageId: string) => ({ pk: `SMSGATEWAY#${snsMessageId}`, sk: 'SMS' }),
  queuedSms: (phone: string, incidentId: string, messageKey: string, contactId: string) => ({
    pk: QUEUED_SMS_PARTITION,
    sk: `${phone}#${incidentId}#${messageKey}#${contactId}`,
  }),
  smsDigest: (phone: string, windowStart: string) => ({ pk: `SMSDIGEST#${phone}`, sk: windowStart }),
  // Events have a partition of their own, so IAM can deny updating or deleting them by key prefix.
  event: (incidentId: string, seq: number) => ({
    pk: `${EVENTS_PARTITION_PREFIX}${incidentId}`,
    sk: `EVENT#${String(seq).padStart(10, '0')}`,
  }),
};
