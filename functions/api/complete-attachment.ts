import { actorOf } from '../domain/access';
import { requireMatchingObject } from '../domain/attachments';
import { AttachmentContentMismatchError, AttachmentRefusedError, DocumentNotFoundError } from '../domain/errors';
import type { AttachmentObjectStore } from '../shared/attachment-store';
import { attachmentStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { whileIncidentOpen } from '../shared/filing';
import { json, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { requireOpenIncident } from './incident-guards';
import { rolesFor } from './routes';

export interface CompleteAttachmentDependencies extends Pick<Repositories, 'incidents' | 'attachments' | 'audit'> {
  store: AttachmentObjectStore;
  now: () => Date;
}

/**
 * `POST /incidents/{incidentId}/attachments/{attachmentId}/complete` — R-INTAKE, R-AUDIT: the server checks what was
 * uploaded: its size (HEAD), its SHA-256 (S3's checksum of the body) and its first bytes against the declared type (a
 * renamed file that is not an image is refused). A mismatch deletes the object and answers 422 naming each field; a
 * match records the attachment complete and appends `attachment-uploaded` with its SHA-256 and size. Completing twice
 * answers the same.
 */
export function makeHandler(deps: CompleteAttachmentDependencies) {
  return httpEndpoint(
    rolesFor('POST /incidents/{incidentId}/attachments/{attachmentId}/complete'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const attachmentId = pathParameter(event, 'attachmentId');
      const incident = await requireOpenIncident(deps, principal, incidentId);
      const attachment = await deps.attachments.get(incidentId, attachmentId);
      if (!attachment || attachment.unitId !== incident.unitId)
        throw new DocumentNotFoundError('Attachment', attachmentId);
      if (attachment.status === 'complete') return json(200, { attachment });
      if (attachment.status === 'rejected')
        throw new AttachmentRefusedError([
          { field: 'attachmentId', message: 'This upload was refused; declare the file again' },
        ]);
      const stored = await deps.store.describe(attachment.objectKey);
      if (!stored)
        throw new AttachmentRefusedError([
          { field: 'attachmentId', message: 'Not uploaded yet: PUT the file to uploadUrl first' },
        ]);
      const actor = actorOf(principal);
      return whileIncidentOpen(deps, incidentId, attachmentId, deps.now, async () => {
        try {
          requireMatchingObject(attachment, stored);
        } catch (error) {
          if (!(error instanceof AttachmentContentMismatchError)) throw error;
          // Nothing that did not match is kept: the object goes, the refusal stays in the timeline (R-AUDIT).
          await deps.store.delete(attachment.objectKey);
          if (await deps.attachments.markRejected(incidentId, attachmentId, deps.now().toISOString()))
            await deps.audit.appendEvent({
              incidentId,
              at: deps.now().toISOString(),
              type: 'attachment-refused',
              actor,
              unitId: incident.unitId,
              detail: {
                attachmentId,
                contentType: attachment.contentType,
                declaredSize: attachment.size,
                declaredSha256: attachment.sha256,
                storedSize: stored.size,
                ...(stored.sha256 ? { storedSha256: stored.sha256 } : {}),
                fields: error.fieldProblems.map((problem) => problem.field),
              },
            });
          throw error;
        }
        const completedAt = deps.now().toISOString();
        if (await deps.attachments.markComplete(incidentId, attachmentId, completedAt))
          await deps.audit.appendEvent({
            incidentId,
            at: completedAt,
            type: 'attachment-uploaded',
            actor,
            unitId: incident.unitId,
            detail: {
              attachmentId,
              fileName: attachment.fileName,
              contentType: attachment.contentType,
              size: stored.size,
              sha256: attachment.sha256,
            },
          });
        return json(200, { attachment: (await deps.attachments.get(incidentId, attachmentId)) ?? attachment });
      });
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  store: attachmentStoreFromEnvironment(),
  now: () => new Date(),
});
