import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AcknowledgementRepository } from './acknowledgements';
import { AttachmentRepository } from './attachments';
import { AuditTrail } from './audit-trail';
import { DirectoryRepository } from './directory';
import { DocumentRepository } from './documents';
import { GatewaySmsRepository } from './gateway-sms';
import { IncidentRepository } from './incidents';
import { MessageRepository } from './messages';
import { ObligationRepository } from './obligations';
import { RosterRepository, type RosterWriteMode } from './rosters';
import { SpotCheckRepository } from './spot-checks';

export {
  AcknowledgementRepository,
  AttachmentRepository,
  AuditTrail,
  DirectoryRepository,
  DocumentRepository,
  GatewaySmsRepository,
  IncidentRepository,
  MessageRepository,
  ObligationRepository,
  RosterRepository,
  SpotCheckRepository,
};

/**
 * One repository per aggregate over the single incident table. A handler's dependencies name
 * only those it uses (`Pick<Repositories, 'incidents' | 'audit'>`), so a test builds just them.
 */
export interface Repositories {
  incidents: IncidentRepository;
  documents: DocumentRepository;
  obligations: ObligationRepository;
  audit: AuditTrail;
  messages: MessageRepository;
  acknowledgements: AcknowledgementRepository;
  spotChecks: SpotCheckRepository;
  gatewaySms: GatewaySmsRepository;
  attachments: AttachmentRepository;
  units: DirectoryRepository;
  rosters: RosterRepository;
}

/**
 * Every repository over the table `tableName`. Rosters replace a period in transactions in AWS; the local store has
 * none (`one-by-one`, each write still conditional).
 */
export function repositoriesOver(
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  options: { rosterWriteMode?: RosterWriteMode } = {},
): Repositories {
  const audit = new AuditTrail(documentClient, tableName);
  return {
    incidents: new IncidentRepository(documentClient, tableName, audit),
    documents: new DocumentRepository(documentClient, tableName),
    obligations: new ObligationRepository(documentClient, tableName),
    audit,
    messages: new MessageRepository(documentClient, tableName, audit),
    acknowledgements: new AcknowledgementRepository(documentClient, tableName),
    spotChecks: new SpotCheckRepository(documentClient, tableName),
    gatewaySms: new GatewaySmsRepository(documentClient, tableName),
    attachments: new AttachmentRepository(documentClient, tableName),
    units: new DirectoryRepository(documentClient, tableName, audit),
    rosters: new RosterRepository(documentClient, tableName, { writeMode: options.rosterWriteMode }),
  };
}
