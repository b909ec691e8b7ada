import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiProblem, postJson } from '../api';
import { t } from '../i18n';

/**
 * R-INTAKE (四(二): first-hand information from the scene): photos and short videos for one document, and the phone's
 * position. Pick from the camera or the gallery; each file is hashed here (SHA-256, crypto.subtle), declared to the
 * API, PUT straight to S3 through its presigned URL with the signed headers, and completed (the server checks its
 * first bytes, size and SHA-256). The IDs of the files that made it go to `onChange`, for the document's
 * `attachmentIds`; the position (asked only on click) to `onLocation`, for its `coordinates`. The per-document limits
 * are the server's; this only says what it answered, in the console's language.
 */
export interface AttachmentsProps {
  incidentId: string;
  onChange: (attachmentIds: string[]) => void;
  onLocation?: (coordinates: { latitude: number; longitude: number; accuracyMeters?: number }) => void;
}

type ItemState = 'hashing' | 'uploading' | 'checking' | 'done' | 'failed';

interface Item {
  key: string;
  file: File;
  preview?: string;
  state: ItemState;
  attachmentId?: string;
  error?: string;
}

interface Declared {
  attachment: { attachmentId: string };
  uploadUrl: string;
  uploadMethod: 'PUT';
  uploadHeaders: Record<string, string>;
}

// The types the API accepts; a HEIC from an iPhone often comes with no type at all, so its name says what to declare
// (the server checks the bytes either way).
const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  heic: 'image/heic',
  heif: 'image/heic',
  webp: 'image/webp',
  mp4: 'video/mp4',
};
const ACCEPTED = new Set(Object.values(TYPES_BY_EXTENSION));

function declaredType(file: File): string | undefined {
  if (ACCEPTED.has(file.type)) return file.type;
  return TYPES_BY_EXTENSION[file.name.split('.').pop()?.toLowerCase() ?? ''];
}

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What went wrong with one file, in the console's language; the API's own words where we have none. */
function describeFailure(error: unknown, step: 'declare' | 'upload' | 'complete'): string {
  if (error instanceof ApiProblem) {
    const [problem] = error.fields;
    if (step === 'complete' && problem?.field === 'contentType') return t('attachments.error.content');
    if (step === 'complete') return t('attachments.error.mismatch');
    if (problem?.field === 'contentType' && /per document/.test(problem.message)) return t('attachments.error.tooMany');
    if (problem?.field === 'contentType') return t('attachments.error.type');
    if (problem?.field === 'size') return t('attachments.error.tooLarge');
    return problem ? `${problem.field}: ${problem.message}` : error.message;
  }
  if (step === 'upload') return t('attachments.error.upload');
  return error instanceof Error ? error.message : String(error);
}

export function Attachments({ incidentId, onChange, onLocation }: AttachmentsProps) {
  const [items, setItems] = useState<Item[]>([]);
  const [location, setLocation] = useState<string>();
  const [locating, setLocating] = useState(false);
  const sequence = useRef(0);
  const update = (key: string, change: Partial<Item>) =>
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  useEffect(
    () => onChange(items.filter((item) => item.state === 'done').map((item) => item.attachmentId!)),
    [items.map((item) => `${item.key}:${item.state}`).join(',')],
  );
  // Thumbnails are object URLs: given back when the component goes.
  useEffect(
    () => () => {
      for (const item of items) if (item.preview) URL.revokeObjectURL(item.preview);
    },
    [],
  );

  async function send(item: Item): Promise<void> {
    const contentType = declaredType(item.file);
    if (!contentType) return update(item.key, { state: 'failed', error: t('attachments.error.type') });
    let step: 'declare' | 'upload' | 'complete' = 'declare';
    try {
      const sha256 = await sha256Hex(item.file);
      update(item.key, { state: 'uploading' });
      const declared = await postJson<Declared>(`/incidents/${encodeURIComponent(incidentId)}/attachments`, {
        fileName: item.file.name || 'camera',
        contentType,
        size: item.file.size,
        sha256,
      });
      step = 'upload';
      const uploaded = await fetch(declared.uploadUrl, {
        method: declared.uploadMethod,
        headers: declared.uploadHeaders,
        body: item.file,
      });
      if (!uploaded.ok) throw new Error(`S3 ${uploaded.status}`);
      step = 'complete';
      update(item.key, { state: 'checking' });
      const attachmentId = declared.attachment.attachmentId;
      await postJson(
        `/incidents/${encodeURIComponent(incidentId)}/attachments/${encodeURIComponent(attachmentId)}/complete`,
        {},
      );
      update(item.key, { state: 'done', attachmentId });
    } catch (error) {
      update(item.key, { state: 'failed', error: describeFailure(error, step) });
    }
  }

  async function pick(event: Event): Promise<void> {
    const input = event.currentTarget as HTMLInputElement;
    const picked = Array.from(input.files ?? []).map((file): Item => {
      sequence.current += 1;
      return {
        key: String(sequence.current),
        file,
        state: 'hashing',
        ...(file.type.startsWith('image/') || file.type.startsWith('video/')
          ? { preview: URL.createObjectURL(file) }
          : {}),
      };
    });
    input.value = '';
    setItems((current) => [...current, ...picked]);
    // One at a time: a phone on a field network uploads each file at full speed, and the order is kept.
    for (const item of picked) await send(item);
  }

  function remove(key: string): void {
    setItems((current) => {
      const removed = current.find((item) => item.key === key);
      if (removed?.preview) URL.revokeObjectURL(removed.preview);
      return current.filter((item) => item.key !== key);
    });
  }

  function locate(): void {
    if (!('geolocation' in navigator)) return setLocation(t('attachments.location.unavailable'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude, accuracy } = position.coords;
        setLocating(false);
        setLocation(`${latitude.toFixed(6)}, ${longitude.toFixed(6)} (±${Math.round(accuracy)} m)`);
        onLocation?.({ latitude, longitude, accuracyMeters: Math.round(accuracy) });
      },
      (failure) => {
        setLocating(false);
        setLocation(
          failure.code === failure.PERMISSION_DENIED
            ? t('attachments.location.denied')
            : t('attachments.location.unavailable'),
        );
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  }

  return (
    <section class="attachments" aria-label={t('attachments.title')}>
      <h3>{t('attachments.title')}</h3>
      <p class="hint">{t('attachments.limits')}</p>
      <div class="actions">
        <label>
          {t('attachments.camera')}
          <input type="file" accept="image/*,video/mp4" capture="environment" onChange={(event) => void pick(event)} />
        </label>
        <label>
          {t('attachments.gallery')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/heic,image/webp,video/mp4,.heic,.heif"
            multiple
            onChange={(event) => void pick(event)}
          />
        </label>
      </div>
      {items.length > 0 && (
        <ul class="attachment-list">
          {items.map((item) => (
            <li key={item.key}>
              {item.preview && item.file.type.startsWith('video/') ? (
                <video src={item.preview} muted width={96} height={96} aria-label={item.file.name} />
              ) : item.preview ? (
                <img src={item.preview} alt={item.file.name} width={96} height={96} />
              ) : null}
              <span>{item.file.name}</span> <span role="status">{t(`attachments.state.${item.state}`)}</span>
              {item.error && (
                <span class="error" role="alert">
                  {' '}
                  {item.error}
                </span>
              )}{' '}
              <button type="button" onClick={() => remove(item.key)}>
                {t('attachments.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p>
        <button type="button" onClick={locate} disabled={locating}>
          {t('attachments.useLocation')}
        </button>{' '}
        {location && <output>{location}</output>}
      </p>
    </section>
  );
}
