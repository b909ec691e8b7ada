import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api';
import { t } from '../i18n';

/** What `GET /incidents/{id}/attachments/{attachmentId}` answers: the record and a short-lived download URL. */
interface AttachmentView {
  attachment: { attachmentId: string; fileName: string; contentType: string; size: number; sha256: string };
  url: string;
}

/** R-INTAKE, R-AUDIT: a report's photos and videos, each read after the API's own access check (its URL expires). */
function useAttachments(incidentId: string, attachmentIds: readonly string[]): (AttachmentView | Error)[] {
  const [views, setViews] = useState<(AttachmentView | Error)[]>([]);
  const key = attachmentIds.join(',');
  useEffect(() => {
    let active = true;
    void Promise.all(
      attachmentIds.map((attachmentId) =>
        getJson<AttachmentView>(
          `/incidents/${encodeURIComponent(incidentId)}/attachments/${encodeURIComponent(attachmentId)}`,
        ).catch((error: Error) => error),
      ),
    ).then((loaded) => active && setViews(loaded));
    return () => {
      active = false;
    };
  }, [incidentId, key]);
  return views;
}

const size = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/** Thumbnails on the incident page; a click opens the full-size file. */
export function ReportAttachments({ incidentId, attachmentIds }: { incidentId: string; attachmentIds?: string[] }) {
  const views = useAttachments(incidentId, attachmentIds ?? []);
  if (!attachmentIds?.length) return null;
  return (
    <figure class="report-attachments" data-testid="report-attachments">
      <figcaption>{t('duty.attachments')}</figcaption>
      <ul>
        {views.map((view, index) =>
          view instanceof Error ? (
            <li key={attachmentIds[index]} class="error" role="alert">
              {attachmentIds[index]}: {view.message}
            </li>
          ) : (
            <li key={view.attachment.attachmentId} data-testid="report-attachment">
              <a href={view.url} target="_blank" rel="noopener noreferrer">
                {view.attachment.contentType.startsWith('image/') ? (
                  <img src={view.url} alt={view.attachment.fileName} width={120} height={90} loading="lazy" />
                ) : (
                  <span class="file">{view.attachment.fileName}</span>
                )}
              </a>
              <span class="muted">
                {view.attachment.fileName} · {size(view.attachment.size)}
              </span>
            </li>
          ),
        )}
      </ul>
    </figure>
  );
}

/** The printed 书面报告 lists its attachments by name, size and SHA-256 (R-AUDIT: the archive can check each file). */
export function AttachmentList({ incidentId, attachmentIds }: { incidentId: string; attachmentIds?: string[] }) {
  const views = useAttachments(incidentId, attachmentIds ?? []);
  if (!attachmentIds?.length) return <>{t('duty.noAttachments')}</>;
  return (
    <ol class="attachment-names" data-testid="attachment-names">
      {views.map((view, index) => (
        <li key={attachmentIds[index]}>
          {view instanceof Error
            ? attachmentIds[index]
            : `${view.attachment.fileName}（${size(view.attachment.size)}，SHA-256 ${view.attachment.sha256.slice(0, 16)}…）`}
        </li>
      ))}
    </ol>
  );
}
