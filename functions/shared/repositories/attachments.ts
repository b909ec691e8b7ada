import type { Attachment } from '../../domain/attachments';
import { TableRepository, withoutInternalAttributes } from '../table';
import { ATTACHMENT_SORT_PREFIX, keys } from '../table-design';

/**
 * R-INTAKE: the photos and videos of an incident's documents, on the incident's partition. Every change is a
 * conditional update, so a complete that races another, or two reports naming the same attachment, leave one outcome.
 */
export class AttachmentRepository extends TableRepository {
  /** A newly declared attachment; false when its ID is taken (a pinned retry finds its own). */
  public async put(attachment: Attachment): Promise<boolean> {
    return this.putNew(keys.attachment(attachment.incidentId, attachment.attachmentId), 'attachment', attachment);
  }

  public async get(incidentId: string, attachmentId: string): Promise<Attachment | undefined> {
    return this.getItem<Attachment>(keys.attachment(incidentId, attachmentId));
  }

  /** Every attachment of the incident (of every unit and status). */
  public async attachmentsOf(incidentId: string): Promise<Attachment[]> {
    const items = await this.queryPartition(keys.incident(incidentId).pk, ATTACHMENT_SORT_PREFIX);
    return items.filter((item) => item.itemType === 'attachment').map((item) => withoutInternalAttributes(item));
  }

  /** The object matched its declaration: `pending` → `complete`. False when it was not pending. */
  public async markComplete(incidentId: string, attachmentId: string, completedAt: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.attachment(incidentId, attachmentId),
      UpdateExpression: 'SET #status = :complete, completedAt = :at',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':complete': 'complete', ':pending': 'pending', ':at': completedAt },
    });
  }

  /** The object did not match (and was deleted): `pending` → `rejected`, counted no more. */
  public async markRejected(incidentId: string, attachmentId: string, at: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.attachment(incidentId, attachmentId),
      UpdateExpression: 'SET #status = :rejected, rejectedAt = :at',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':rejected': 'rejected', ':pending': 'pending', ':at': at },
    });
  }

  /**
   * Ties a completed attachment to its report, for good: false when it is on another report already (of two reports
   * racing for it, one gets it). The same report again (a retry) is true.
   */
  public async attachToReport(incidentId: string, attachmentId: string, reportId: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.attachment(incidentId, attachmentId),
      UpdateExpression: 'SET reportId = :report',
      ConditionExpression: '#status = :complete AND (attribute_not_exists(reportId) OR reportId = :report)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':complete': 'complete', ':report': reportId },
    });
  }

  /** Gives back an attachment a report claimed but could not keep (another claim of the same report failed). */
  public async releaseFromReport(incidentId: string, attachmentId: string, reportId: string): Promise<boolean> {
    return this.updateIf({
      Key: keys.attachment(incidentId, attachmentId),
      UpdateExpression: 'REMOVE reportId',
      ConditionExpression: 'reportId = :report',
      ExpressionAttributeValues: { ':report': reportId },
    });
  }
}
