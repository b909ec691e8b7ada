import { gunzipSync } from 'node:zlib';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent } from 'aws-lambda';
import { repositoriesFromEnvironment } from '../shared/dependencies';
import type { Repositories } from '../shared/repositories';
import { logger } from '../shared/logger';

/** One record of SNS SMS delivery-status logging (the `…/DirectPublishToPhoneNumber/Failure` log group). */
export interface SmsDeliveryStatusRecord {
  notification: { messageId: string; timestamp: string };
  delivery: { destination?: string; providerResponse?: string };
  status: 'SUCCESS' | 'FAILURE';
}

export interface SmsDeliveryStatusDependencies extends Pick<Repositories, 'messages'> {}

/**
 * The failure log of SNS SMS delivery status, streamed here by a subscription filter: each SMS
 * that SNS accepted but the phone never got is marked on its message record and in the
 * incident's timeline (`sms-delivery-failed`), so the record tells what actually arrived.
 */
export function makeHandler(deps: SmsDeliveryStatusDependencies) {
  return async (event: CloudWatchLogsEvent): Promise<{ failures: number; incidents: string[] }> => {
    const decoded = JSON.parse(
      gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'),
    ) as CloudWatchLogsDecodedData;
    const incidents = new Set<string>();
    let failures = 0;
    for (const logEvent of decoded.logEvents ?? []) {
      let record: SmsDeliveryStatusRecord;
      try {
        record = JSON.parse(logEvent.message) as SmsDeliveryStatusRecord;
      } catch {
        logger.warn('Not a delivery-status record', { message: logEvent.message.slice(0, 200) });
        continue;
      }
      if (record.status !== 'FAILURE' || !record.notification?.messageId) continue;
      failures += 1;
      const at = new Date(logEvent.timestamp).toISOString();
      for (const incidentId of await deps.messages.recordSmsDeliveryFailure(
        record.notification.messageId,
        at,
        record.delivery?.providerResponse ?? 'delivery failed',
      ))
        incidents.add(incidentId);
    }
    return { failures, incidents: [...incidents] };
  };
}

export const handler = makeHandler({ ...repositoriesFromEnvironment() });
