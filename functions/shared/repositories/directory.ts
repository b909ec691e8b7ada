import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NewAuditEvent } from '../../domain/audit-chain';
import type { Unit } from '../../domain/directory';
import { isConditionFailure, storeFailure, TableRepository, withoutInternalAttributes } from '../table';
import { DIRECTORY_PARTITION, keys } from '../table-design';
import type { AuditTrail } from './audit-trail';

/** A unit as stored: the unit, its version (for conditional writes) and its place in the directory's order. */
export interface StoredUnit {
  unit: Unit;
  version: number;
  position: number;
  /** The audit event of the last change, until it is in the unit's chain (cleared then). */
  pendingEvent?: NewAuditEvent;
}

/** The directory as stored: its units, in order, and whether `units.json` has seeded it. */
export interface StoredDirectory {
  units: StoredUnit[];
  seeded: boolean;
}

/**
 * Issue 15: the directory of units and contacts, one item per unit in one partition.
 *
 * There are no transactions on this table (the local store has none), so a change and its audit event are kept
 * together another way: the unit is written, under a condition on its version, with the event it owes; the event is
 * then appended to the unit's chain and cleared from the unit. A crash between the two leaves the event on the unit,
 * and the next change of that unit (or the seed) appends it first — nothing changes unrecorded, nothing is recorded
 * twice (`appendEventOnce`).
 */
export class DirectoryRepository extends TableRepository {
  private readonly audit: AuditTrail;

  public constructor(documentClient: DynamoDBDocumentClient, tableName: string, audit: AuditTrail) {
    super(documentClient, tableName);
    this.audit = audit;
  }

  /** The whole directory: one Query of its partition. */
  public async load(): Promise<StoredDirectory> {
    const items = await this.queryPartition(DIRECTORY_PARTITION);
    const units = items
      .filter((item) => item.itemType === 'unit')
      .map((item) => withoutInternalAttributes<StoredUnit>(item))
      .sort((a, b) => a.position - b.position);
    return { units, seeded: items.some((item) => item.itemType === 'directory-seed') };
  }

  /**
   * Writes the unit as `version + 1` if it is still at `version` (0: a new unit), with the audit event it owes.
   * False when someone else changed it first: read again and decide again.
   */
  public async saveUnit(unit: Unit, version: number, position: number, event: NewAuditEvent): Promise<boolean> {
    const key = keys.directoryUnit(unit.unitId);
    const pendingEvent = JSON.parse(JSON.stringify(event)) as NewAuditEvent;
    try {
      await this.documentClient.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, itemType: 'unit', unitId: unit.unitId, unit, version: version + 1, position, pendingEvent },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':version': version } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw storeFailure('PutItem', key, error);
    }
    await this.recordPendingEvent(unit.unitId, version + 1, pendingEvent);
    return true;
  }

  /** R-AUDIT: appends the event a unit owes to its chain (once, whatever happened before), then clears it. */
  public async recordPendingEvent(unitId: string, version: number, event: NewAuditEvent): Promise<void> {
    await this.audit.appendEventOnce(event, true);
    await this.updateIf({
      Key: keys.directoryUnit(unitId),
      UpdateExpression: 'REMOVE pendingEvent',
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': version },
    });
  }

  /** Marks the directory as seeded: `units.json` is never read again. */
  public async markSeeded(at: string): Promise<void> {
    await this.putNew(keys.directorySeed(), 'directory-seed', { seededAt: at });
  }
}
