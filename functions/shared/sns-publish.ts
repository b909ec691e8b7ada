import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { MessageNotPublishedError, UnpublishableMessageError } from '../domain/errors';
import { sdkErrorText } from './sdk-errors';

// SNS answers these for a request it will never accept, however often it is sent (an invalid number, a message too
// long).
const PERMANENT_SNS_ERRORS = new Set([
  'InvalidParameter',
  'InvalidParameterValue',
  'InvalidParameterException',
  'InvalidParameterValueException',
]);

/**
 * Every SNS publish of the service goes through here (messages, alarms). Text goes out
 * well-formed — a lone surrogate in stored text (older data) becomes U+FFFD — because a string the
 * SDK cannot URI-encode makes it throw half-way through serialising, and the half-written request
 * stays in the client's shared serializer: the next publish on that client then carries an empty
 * `Message` (or another message's text) in front of its own. A message SNS refuses for good
 * (`UnpublishableMessageError`) is told apart from a failure worth retrying (throttling, an outage).
 */
export async function publishToSns(
  client: SNSClient,
  input: ConstructorParameters<typeof PublishCommand>[0],
): Promise<string> {
  const command = new PublishCommand({
    ...input,
    Message: input.Message?.toWellFormed(),
    ...(input.Subject ? { Subject: input.Subject.toWellFormed() } : {}),
  });
  try {
    const { MessageId } = await client.send(command);
    return MessageId ?? 'unknown';
  } catch (error) {
    const name = (error as { name?: string })?.name ?? '';
    if (error instanceof URIError || PERMANENT_SNS_ERRORS.has(name))
      throw new UnpublishableMessageError(`SNS refused the message: ${name}: ${(error as Error).message}`, {
        cause: error,
      });
    throw new MessageNotPublishedError(`SNS did not take the message: ${sdkErrorText(error)}`, { cause: error });
  }
}
