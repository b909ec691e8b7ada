import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TableRepository, withoutInternalAttributes, storeFailure } from '../table';
import { keys } from '../table-design';
import type { GatewaySmsRecord } from '../../domain/records';

/** The `gateway` SMS mode (issue 7): each SMS the provider is asked to send, claimed once. */
export class GatewaySmsRepository extends TableRepository {
  /**
   * Claims one gateway SMS before it is sent (SNS may deliver a topic message more than once):
   * a new claim, or the one already there — `sent` or `fell-back` means it is done, `sending`
   * means an earlier attempt did not finish, so it is attempted again.
   */
  public async claimGatewaySms(snsMessageId: string, claimedAt: string): Promise<GatewaySmsRecord> {
    const claim: GatewaySmsRecord = { snsMessageId, status: 'sending', attempts: 1, claimedAt };
    if (await this.putNew(keys.gatewaySms(snsMessageId), 'gateway-sms', claim)) return claim;
    const { Attributes } = await this.documentClient
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.gatewaySms(snsMessageId),
          UpdateExpression: 'ADD attempts :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      )
      .catch((error: unknown) => {
        throw storeFailure('UpdateItem', keys.gatewaySms(snsMessageId), error);
      });
    return withoutInternalAttributes<GatewaySmsRecord>(Attributes ?? {});
  }

  /** Records how a gateway SMS ended: sent (with the provider's receipt) or fallen back to e-mail. */
  public async settleGatewaySms(
    snsMessageId: string,
    status: 'sent' | 'fell-back',
    result: { bizId?: string; lastResult: string },
  ): Promise<void> {
    await this.documentClient
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.gatewaySms(snsMessageId),
          UpdateExpression: `SET #status = :status, lastResult = :result${result.bizId ? ', bizId = :bizId' : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':result': result.lastResult,
            ...(result.bizId ? { ':bizId': result.bizId } : {}),
          },
        }),
      )
      .catch((error: unknown) => {
        throw storeFailure('UpdateItem', keys.gatewaySms(snsMessageId), error);
      });
  }
}
