import { DocumentNotFoundError } from '../domain/errors';
import { defaultPolicy, type AttachmentPolicy } from '../domain/policy';
import type { AttachmentObjectStore } from '../shared/attachment-store';
import { attachmentStoreFromEnvironment, repositoriesFromEnvironment } from '../shared/dependencies';
import { json, pathParameter } from '../shared/http';
import type { Repositories } from '../shared/repositories';
import { httpEndpoint } from './endpoint';
import { requireVisibleIncident } from './incident-guards';
import { rolesFor } from './routes';

export interface GetAttachmentDependencies extends Pick<Repositories, 'incidents' | 'attachments'> {
  store: AttachmentObjectStore;
  policy: AttachmentPolicy;
  now: () => Date;
}

/**
 * `GET /incidents/{incidentId}/attachments/{attachmentId}` — R-INTAKE: a presigned GET of a completed attachment, valid
 * for minutes, issued only after the same access check as `GET /incidents/{id}`: another unit's reporter gets the 404
 * an unknown incident gets, and no URL.
 */
export function makeHandler(deps: GetAttachmentDependencies) {
  return httpEndpoint(
    rolesFor('GET /incidents/{incidentId}/attachments/{attachmentId}'),
    async (event, principal) => {
      const incidentId = pathParameter(event, 'incidentId');
      const attachmentId = pathParameter(event, 'attachmentId');
      const incident = await requireVisibleIncident(deps, principal, incidentId);
      const attachment = await deps.attachments.get(incidentId, attachmentId);
      if (!attachment || attachment.unitId !== incident.unitId || attachment.status !== 'complete')
        throw new DocumentNotFoundError('Attachment', attachmentId);
      const expiresSeconds = deps.policy.urlExpiresMinutes * 60;
      const url = await deps.store.presignDownload(attachment, expiresSeconds);
      return json(
        200,
        { attachment, url, expiresAt: new Date(deps.now().getTime() + expiresSeconds * 1000).toISOString() },
        { 'cache-control': 'no-store' },
      );
    },
    { jsonBody: false },
  );
}

export const handler = makeHandler({
  ...repositoriesFromEnvironment(),
  store: attachmentStoreFromEnvironment(),
  policy: defaultPolicy.attachments,
  now: () => new Date(),
});
