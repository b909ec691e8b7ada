import { AttachmentContentMismatchError, AttachmentRefusedError, type FieldProblem } from './errors';
import { randomIdPart } from './incident';
import type { AttachmentContentType, AttachmentPolicy } from './policy';

/**
 * R-INTAKE (四(二): first-hand information from the scene): photos and short videos a reporter attaches to a document
 * (first, written, follow-up or final report). Pure rules, no AWS: the limits per document, the type read from the
 * file's first bytes (never from its name), and the IDs and object keys the server gives (never made of a file name).
 *
 * An attachment is staged on its incident for the reporter's unit: `POST …/attachments` declares it (type, size,
 * SHA-256) and returns a presigned PUT; `…/complete` checks what arrived; a report names it in `attachmentIds`, which
 * ties it to that document for good (one document per attachment). R-AUDIT: its SHA-256 and size are in the events.
 */
export interface Attachment {
  attachmentId: string;
  incidentId: string;
  /** The incident's unit: only its reporters (and the duty office) read it. */
  unitId: string;
  /** Display only: never part of the object key. */
  fileName: string;
  contentType: AttachmentContentType;
  /** Bytes, as declared and — once complete — as S3 holds them. */
  size: number;
  /** SHA-256 of the file, hex, as declared; S3 refuses an upload whose body has another. */
  sha256: string;
  /** `attachments/<incidentId>/<attachmentId>`: made by the server only. */
  objectKey: string;
  /** `pending` until `complete` checked the object; `rejected` when it did not match (the object is deleted). */
  status: 'pending' | 'complete' | 'rejected';
  createdAt: string;
  /** The presigned PUT is not valid after this. */
  uploadExpiresAt: string;
  completedAt?: string;
  /** The report it is attached to, once one names it. */
  reportId?: string;
  actor: string;
  /** R-ELEMENTS (place): where the phone was, when the reporter allowed it, beside the typed place. */
  location?: { latitude: number; longitude: number; accuracyMeters?: number };
}

export type AttachmentKind = 'image' | 'video';

/** Whether a content type is an image or a video (each has its own limits). */
export function attachmentKind(contentType: AttachmentContentType): AttachmentKind {
  return contentType.startsWith('video/') ? 'video' : 'image';
}

/** The new attachment's ID: random, or derived from a pinned request's seed (a retry names the same one). */
export function newAttachmentId(seed?: string): string {
  return `ATT-${randomIdPart(12, seed === undefined ? undefined : `${seed}|ATT`)}`;
}

/** Where the object lives: from the server's IDs only, so no file name can choose or collide with a key. */
export function attachmentObjectKey(incidentId: string, attachmentId: string): string {
  return `attachments/${incidentId}/${attachmentId}`;
}

/** The ISO-BMFF brands of HEIC/HEIF stills and of MP4 video (the four bytes after `ftyp`). */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'MSNV']);

/** How many first bytes `sniffContentType` needs (the Range GET reads this many). */
export const SNIFF_BYTES = 32;

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));

/**
 * The type a file is by its first bytes (magic numbers), or undefined when it is none of ours — what a renamed file
 * cannot fake: JPEG `FF D8 FF`; PNG `89 50 4E 47 0D 0A 1A 0A`; WebP `RIFF····WEBP`; HEIC and MP4 an ISO-BMFF `ftyp`
 * box at offset 4 whose major brand says which.
 */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((byte, index) => bytes[index] === byte)) return 'image/png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (HEIC_BRANDS.has(brand)) return 'image/heic';
    if (MP4_BRANDS.has(brand)) return 'video/mp4';
  }
  return undefined;
}

/** What a reporter declares before uploading. */
export interface AttachmentDeclaration {
  contentType: AttachmentContentType;
  size: number;
}

/** The attachments that count towards the next document: staged, not attached to a report, not refused, not expired. */
export function stagedAttachments(attachments: readonly Attachment[], now: Date): Attachment[] {
  return attachments.filter(
    (attachment) =>
      !attachment.reportId &&
      attachment.status !== 'rejected' &&
      (attachment.status === 'complete' || Date.parse(attachment.uploadExpiresAt) > now.getTime()),
  );
}

function countsOf(attachments: readonly Pick<Attachment, 'contentType'>[]): Record<AttachmentKind, number> {
  const counts = { image: 0, video: 0 };
  for (const attachment of attachments) counts[attachmentKind(attachment.contentType)] += 1;
  return counts;
}

const limitFor = (policy: AttachmentPolicy, kind: AttachmentKind) =>
  kind === 'image' ? policy.maxImagesPerDocument : policy.maxVideosPerDocument;
const tooMany = (policy: AttachmentPolicy, kind: AttachmentKind) => {
  const limit = limitFor(policy, kind);
  return `At most ${limit} ${kind}${limit === 1 ? '' : 's'} per document`;
};

/**
 * R-INTAKE: a new attachment is within the policy: a type it accepts, no larger than its kind's limit, and — with those
 * already staged for the next document of this incident and unit — no more than a document may carry.
 * @throws {AttachmentRefusedError} naming `contentType` or `size`.
 */
export function requireAcceptableAttachment(
  policy: AttachmentPolicy,
  declaration: AttachmentDeclaration,
  staged: readonly Attachment[],
): void {
  const problems: FieldProblem[] = [];
  if (!policy.contentTypes.includes(declaration.contentType))
    problems.push({ field: 'contentType', message: `Must be one of ${policy.contentTypes.join(', ')}` });
  else {
    const kind = attachmentKind(declaration.contentType);
    const maxBytes = kind === 'image' ? policy.maxImageBytes : policy.maxVideoBytes;
    if (declaration.size > maxBytes)
      problems.push({
        field: 'size',
        message: `At most ${maxBytes} bytes for ${kind === 'image' ? 'an image' : 'a video'}`,
      });
    if (countsOf(staged)[kind] >= limitFor(policy, kind))
      problems.push({ field: 'contentType', message: tooMany(policy, kind) });
  }
  if (problems.length > 0) throw new AttachmentRefusedError(problems);
}

/**
 * R-INTAKE: the attachments a report names — each a completed attachment of this incident's unit not yet on another
 * document, and together within the per-document limits.
 * @throws {AttachmentRefusedError} naming each bad `attachmentIds.<n>`.
 */
export function requireAttachableToReport(
  policy: AttachmentPolicy,
  incident: { incidentId: string; unitId: string },
  attachmentIds: readonly string[],
  found: ReadonlyMap<string, Attachment>,
  reportId: string,
): Attachment[] {
  const problems: FieldProblem[] = [];
  const attachments: Attachment[] = [];
  attachmentIds.forEach((attachmentId, index) => {
    const attachment = found.get(attachmentId);
    const field = `attachmentIds.${index}`;
    if (
      !attachment ||
      attachment.status !== 'complete' ||
      attachment.incidentId !== incident.incidentId ||
      attachment.unitId !== incident.unitId
    )
      problems.push({ field, message: `No completed attachment "${attachmentId}" of this incident and unit` });
    else if (attachment.reportId && attachment.reportId !== reportId)
      problems.push({ field, message: `Already attached to report ${attachment.reportId}` });
    else attachments.push(attachment);
  });
  const counts = countsOf(attachments);
  for (const kind of ['image', 'video'] as const)
    if (counts[kind] > limitFor(policy, kind))
      problems.push({ field: 'attachmentIds', message: tooMany(policy, kind) });
  if (problems.length > 0) throw new AttachmentRefusedError(problems);
  return attachments;
}

/** What S3 says of the uploaded object: its size, its checksum (when S3 has one) and its first bytes. */
export interface StoredObject {
  size: number;
  /** Hex SHA-256 as S3 computed it (ChecksumSHA256), when the upload carried one. */
  sha256?: string;
  firstBytes: Uint8Array;
}

/**
 * R-INTAKE, R-AUDIT: the object is what was declared — its first bytes are of the declared type (a renamed `.jpg` that
 * is not a JPEG is refused), its size and its SHA-256 are the declared ones.
 * @throws {AttachmentContentMismatchError} naming `contentType`, `size` or `sha256`.
 */
export function requireMatchingObject(attachment: Attachment, stored: StoredObject): void {
  const problems: FieldProblem[] = [];
  const sniffed = sniffContentType(stored.firstBytes);
  if (sniffed !== attachment.contentType)
    problems.push({
      field: 'contentType',
      message: `The file's first bytes are not ${attachment.contentType}${sniffed ? ` (they look like ${sniffed})` : ''}`,
    });
  if (stored.size !== attachment.size)
    problems.push({ field: 'size', message: `The stored object is ${stored.size} bytes, not ${attachment.size}` });
  if (stored.sha256 !== undefined && stored.sha256 !== attachment.sha256)
    problems.push({ field: 'sha256', message: "The stored object's SHA-256 is not the one declared" });
  if (problems.length > 0) throw new AttachmentContentMismatchError(problems);
}

/** The SHA-256 S3 speaks (base64 of the digest) from the hex the API speaks, and back. */
export const sha256HexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
export const sha256Base64ToHex = (base64: string): string => Buffer.from(base64, 'base64').toString('hex');
