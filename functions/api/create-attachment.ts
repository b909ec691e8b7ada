import { actorOf } from '../domain/access';
import {
  attachmentObjectKey,
  newAttachmentId,
  requireAcceptableAttachment,
  stagedAttachments,
  type Attachment,
} from '../domain/attachments';
import { defaultPolicy, type AttachmentPolicy } from '../domain/policy';
import type { AttachmentObjectStore } from '../shared/attachment-store';
import {
  attachmentStoreFromEnvironment,
  idempotencyStoreFromEnvironment,
  repositoriesFromEnvironment,
  requestPinsFromEnvironment,
} from '../shared/dependencies';
import { json, parseBody, pathParameter } from '../shared/http';
import type { IdempotencyStore } from '../shared/idempotency';
import type { Repositories } from '../shared/repositories';
import { pinRequest, type RequestPins } from '../shared/request-pins';
import { httpEndpoint } from './endpoint';
import { requireOpenIncident } from './incident-guards';
import { rolesFor } from './routes';
import { attachmentDeclarationSchema } from './schemas';

export interface CreateAttachmentDependencies extends Pick<Repositories, 'incidents' | 'attachments'> {
  store: AttachmentObjectStore;
  policy: AttachmentPolicy;
  idempotency?: IdempotencyStore;
  pins?: RequestPins;
  now: () => Date;
}

const ROUTE_KEY = 'POST /incidents/{incidentId}/attachments';

/**
 * `POST /incidents/{incidentId}/attachments` — R-INTAKE: a reporter declares a photo or video from the scene (type,
 * size, SHA-256) and gets a presigned PUT bound to exactly those (S3 refuses another type, length or body). Refused,
 * naming the field, when the policy does not accept its type or size, or when the next document of this incident
 * already has as many of its kind as a document may carry. The object key is the server's
 * (`attachments/<incidentId>/<attachmentId>`), never the file's name.
 */
export function makeHandler(deps: CreateAttachmentDependencies) {
  return httpEndpoint(
    rolesFor(ROUTE_KEY),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const request = parseBody(attachmentDeclarationSchema, event.body);
      // The same access check as GET /incidents/{id}: another unit's incident is a 404.
      const incident = await requireOpenIncident(deps, principal, incidentId);
      const pin = await pinRequest(deps.pins, event, deps.now);
      const attachmentId = newAttachmentId(pin.seed);
      const staged = stagedAttachments(
        (await deps.attachments.attachmentsOf(incidentId)).filter(
          (attachment) => attachment.unitId === incident.unitId && attachment.attachmentId !== attachmentId,
        ),
        pin.at,
      );
      requireAcceptableAttachment(deps.policy, request, staged);
      const expiresSeconds = deps.policy.urlExpiresMinutes * 60;
      const attachment: Attachment = {
        attachmentId,
        incidentId,
        unitId: incident.unitId,
        fileName: request.fileName,
        contentType: request.contentType,
        size: request.size,
        sha256: request.sha256,
        objectKey: attachmentObjectKey(incidentId, attachmentId),
        status: 'pending',
        createdAt: pin.at.toISOString(),
        uploadExpiresAt: new Date(pin.at.getTime() + expiresSeconds * 1000).toISOString(),
        actor: actorOf(principal),
        ...(request.location ? { location: request.location } : {}),
      };
      // A pinned retry finds its own item: the same attachment, a fresh URL for it.
      const stored = (await deps.attachments.put(attachment))
        ? attachment
        : ((await deps.attachments.get(incidentId, attachmentId)) ?? attachment);
      const upload = await deps.store.presignUpload(stored, expiresSeconds);
      return json(
        201,
        {
          attachment: stored,
          uploadUrl: upload.url,
          uploadMethod: upload.method,
          uploadHeaders: upload.headers,
          uploadExpiresAt: upload.expiresAt,
        },
        { location: `/incidents/${incidentId}/attachments/${attachmentId}` },
      );
    },
    { jsonBody: true, idempotency: { store: deps.idempotency, routeKey: ROUTE_KEY } },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  store: attachmentStoreFromEnvironment(),
  policy: defaultPolicy.attachments,
  idempotency: idempotencyStoreFromEnvironment(),
  pins: requestPinsFromEnvironment(),
  now: () => new Date(),
});
