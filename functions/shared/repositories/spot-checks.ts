import { TableRepository } from '../table';
import { keys, localMonth, monthPartition, TABLE_DESIGN } from '../table-design';
import type { SpotCheck } from '../../domain/spot-checks';

/** R-SPOTCHECK: duty spot checks, listed by month for the evaluation. */
export class SpotCheckRepository extends TableRepository {
  /** R-SPOTCHECK. */
  public async putSpotCheck(spotCheck: SpotCheck): Promise<boolean> {
    const byMonth = TABLE_DESIGN.itemsByMonthIndex;
    return this.putNew(keys.spotCheck(spotCheck.spotCheckId), 'spot-check', {
      ...spotCheck,
      [byMonth.partitionKey]: monthPartition.spotChecks(localMonth(new Date(spotCheck.startedAt))),
      [byMonth.sortKey]: `${spotCheck.startedAt}#${spotCheck.spotCheckId}`,
    });
  }

  public async getSpotCheck(spotCheckId: string): Promise<SpotCheck | undefined> {
    return this.getItem<SpotCheck>(keys.spotCheck(spotCheckId));
  }

  /** R-SPOTCHECK: records the first acknowledgement of a spot check. True when this call recorded it. */
  public async acknowledgeSpotCheck(
    spotCheckId: string,
    acknowledgedAt: string,
    acknowledgedBy: string,
    actor: string,
  ): Promise<boolean> {
    return this.updateIf({
      Key: keys.spotCheck(spotCheckId),
      UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by, acknowledgedByActor = :actor',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acknowledgedAt)',
      ExpressionAttributeValues: { ':at': acknowledgedAt, ':by': acknowledgedBy, ':actor': actor },
    });
  }

  /** R-SPOTCHECK: records the spot-check SMS — its code, and when it went out or why it did not. */
  public async recordSpotCheckNotification(
    spotCheckId: string,
    notification: { code: string; notifiedAt?: string; notificationError?: string },
  ): Promise<void> {
    const fields = Object.entries(notification).filter(([, value]) => value !== undefined);
    await this.updateIf({
      Key: keys.spotCheck(spotCheckId),
      UpdateExpression: `SET ${fields.map(([name]) => `${name} = :${name}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
    });
  }

  /** R-EVAL, R-SPOTCHECK: spot checks started in [from, to), oldest first. */
  public async spotChecksStartedBetween(from: Date, to: Date): Promise<SpotCheck[]> {
    return this.itemsOfMonthsBetween<SpotCheck>(monthPartition.spotChecks, from, to);
  }
}
