import {
  attachmentObjectKey,
  newAttachmentId,
  requireAcceptableAttachment,
  requireAttachableToReport,
  requireMatchingObject,
  sha256Base64ToHex,
  sha256HexToBase64,
  sniffContentType,
  stagedAttachments,
  type Attachment,
} from '../../functions/domain/attachments';
import { AttachmentContentMismatchError, AttachmentRefusedError } from '../../functions/domain/errors';
import { defaultPolicy } from '../../functions/domain/policy';

const policy = defaultPolicy.attachments;
const now = new Date('2026-11-28T01:00:00Z');
const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((value) => (typeof value === 'string' ? [...Buffer.from(value, 'latin1')] : [value])));

/** The first bytes of a real file of each type (the headers the cameras and encoders write). */
export const MAGIC = {
  jpeg: bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'JFIF', 0x00),
  png: bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 'IHDR'),
  webp: bytes('RIFF', 0x24, 0x00, 0x00, 0x00, 'WEBPVP8 '),
  heic: bytes(0x00, 0x00, 0x00, 0x18, 'ftypheic', 0x00, 0x00, 0x00, 0x00, 'mif1heic'),
  heif: bytes(0x00, 0x00, 0x00, 0x18, 'ftypmif1', 0x00, 0x00, 0x00, 0x00, 'mif1heic'),
  mp4: bytes(0x00, 0x00, 0x00, 0x20, 'ftypisom', 0x00, 0x00, 0x02, 0x00, 'isomiso2avc1mp41'),
  mp42: bytes(0x00, 0x00, 0x00, 0x1c, 'ftypmp42', 0x00, 0x00, 0x00, 0x00, 'mp42isom'),
};

const attachment = (overrides: Partial<Attachment> = {}): Attachment => ({
  attachmentId: 'ATT-AAAAAAAAAAAA',
  incidentId: 'INC-1',
  unitId: 'gaosheng-zone',
  fileName: '现场.jpg',
  contentType: 'image/jpeg',
  size: 1000,
  sha256: 'a'.repeat(64),
  objectKey: attachmentObjectKey('INC-1', 'ATT-AAAAAAAAAAAA'),
  status: 'complete',
  createdAt: '2026-11-28T00:50:00.000Z',
  uploadExpiresAt: '2026-11-28T01:05:00.000Z',
  actor: 'reporter:gaosheng-zone:u1',
  ...overrides,
});
const images = (count: number, overrides: Partial<Attachment> = {}) =>
  Array.from({ length: count }, (_, index) => attachment({ attachmentId: `ATT-IMG${index}`, ...overrides }));

describe('R-INTAKE: photos and videos from the scene — checked by content, not by name (functions/domain/attachments.ts)', () => {
  it.each([
    ['JPEG', MAGIC.jpeg, 'image/jpeg'],
    ['PNG', MAGIC.png, 'image/png'],
    ['WebP', MAGIC.webp, 'image/webp'],
    ['HEIC (ftypheic)', MAGIC.heic, 'image/heic'],
    ['HEIF (ftypmif1)', MAGIC.heif, 'image/heic'],
    ['MP4 (ftypisom)', MAGIC.mp4, 'video/mp4'],
    ['MP4 (ftypmp42)', MAGIC.mp42, 'video/mp4'],
  ])('R-INTAKE: a %s file is recognised by its magic bytes', (_name, first, expected) => {
    // Act
    const sniffed = sniffContentType(first);
    // Assess
    expect(sniffed).toBe(expected);
  });

  it.each([
    ['a text file', bytes('hello, this is not an image at all')],
    ['a PDF', bytes('%PDF-1.7\n')],
    ['a GIF', bytes('GIF89a', 0x01, 0x00)],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt ')],
    ['an ISO-BMFF of another brand (QuickTime)', bytes(0, 0, 0, 0x14, 'ftypqt  ', 0, 0, 0, 0)],
    ['two bytes of a JPEG', bytes(0xff, 0xd8)],
    ['nothing', bytes()],
  ])('R-INTAKE: %s is none of the accepted types', (_name, first) => {
    // Act
    const sniffed = sniffContentType(first);
    // Assess
    expect(sniffed).toBeUndefined();
  });

  it('R-INTAKE, R-AUDIT: a non-image renamed .jpg is refused at complete, naming contentType', () => {
    // Prepare
    const renamed = attachment({ fileName: 'photo.jpg', status: 'pending' });
    const stored = { size: 1000, sha256: 'a'.repeat(64), firstBytes: bytes('#!/bin/sh\necho not a photo\n') };
    // Act
    const complete = () => requireMatchingObject(renamed, stored);
    // Assess
    expect(complete).toThrow(AttachmentContentMismatchError);
    expect(complete).toThrow(/contentType/);
  });

  it('R-INTAKE: a PNG declared as JPEG is refused and the message says what it looks like', () => {
    // Prepare
    const declaredJpeg = attachment({ status: 'pending' });
    // Act
    const complete = () => requireMatchingObject(declaredJpeg, { size: 1000, firstBytes: MAGIC.png });
    // Assess
    expect(complete).toThrow(
      expect.objectContaining({
        fieldProblems: [
          { field: 'contentType', message: "The file's first bytes are not image/jpeg (they look like image/png)" },
        ],
      }),
    );
  });

  it('R-AUDIT: another size or another SHA-256 than declared is refused, naming size and sha256', () => {
    // Prepare
    const declared = attachment({ status: 'pending' });
    // Act
    const complete = () =>
      requireMatchingObject(declared, { size: 999, sha256: 'b'.repeat(64), firstBytes: MAGIC.jpeg });
    // Assess
    expect(complete).toThrow(
      expect.objectContaining({
        fieldProblems: [expect.objectContaining({ field: 'size' }), expect.objectContaining({ field: 'sha256' })],
      }),
    );
  });

  it('R-AUDIT: the object as declared passes', () => {
    // Act
    const complete = () =>
      requireMatchingObject(attachment({ status: 'pending' }), {
        size: 1000,
        sha256: 'a'.repeat(64),
        firstBytes: MAGIC.jpeg,
      });
    // Assess
    expect(complete).not.toThrow();
  });
});

describe('R-INTAKE: the per-document limits (policy.json attachments: 9 images ≤ 10 MB, 1 video ≤ 100 MB)', () => {
  it("the shipped policy has the issue's numbers", () => {
    // Assess
    expect(policy).toMatchObject({
      maxImagesPerDocument: 9,
      maxImageBytes: 10 * 1024 * 1024,
      maxVideosPerDocument: 1,
      maxVideoBytes: 100 * 1024 * 1024,
      contentTypes: ['image/jpeg', 'image/png', 'image/heic', 'image/webp', 'video/mp4'],
    });
  });

  it('R-INTAKE: an image over 10 MB and a video over 100 MB are refused, naming size; at the limit they pass', () => {
    // Act
    const image = (size: number) => () => requireAcceptableAttachment(policy, { contentType: 'image/png', size }, []);
    const video = (size: number) => () => requireAcceptableAttachment(policy, { contentType: 'video/mp4', size }, []);
    // Assess
    expect(image(policy.maxImageBytes)).not.toThrow();
    expect(image(policy.maxImageBytes + 1)).toThrow(
      expect.objectContaining({
        fieldProblems: [{ field: 'size', message: `At most ${policy.maxImageBytes} bytes for an image` }],
      }),
    );
    expect(video(policy.maxVideoBytes)).not.toThrow();
    expect(video(policy.maxVideoBytes + 1)).toThrow(AttachmentRefusedError);
  });

  it('R-INTAKE: a 10th image and a 2nd video for the next document are refused; staged ones already on a report, refused or expired do not count', () => {
    // Prepare
    const nine = images(9);
    const oneVideo = [attachment({ attachmentId: 'ATT-VID', contentType: 'video/mp4' })];
    const notCounting = [
      ...images(3, { reportId: 'RPT-1' }),
      ...images(3, { status: 'rejected' }),
      ...images(3, { status: 'pending', uploadExpiresAt: '2026-11-28T00:59:59.000Z' }),
    ];
    // Act
    const tenth = () =>
      requireAcceptableAttachment(policy, { contentType: 'image/jpeg', size: 10 }, stagedAttachments(nine, now));
    const secondVideo = () =>
      requireAcceptableAttachment(policy, { contentType: 'video/mp4', size: 10 }, stagedAttachments(oneVideo, now));
    const videoBesideNineImages = () =>
      requireAcceptableAttachment(policy, { contentType: 'video/mp4', size: 10 }, stagedAttachments(nine, now));
    const afterOthers = () =>
      requireAcceptableAttachment(
        policy,
        { contentType: 'image/jpeg', size: 10 },
        stagedAttachments([...images(8), ...notCounting], now),
      );
    // Assess
    expect(tenth).toThrow(
      expect.objectContaining({ fieldProblems: [{ field: 'contentType', message: 'At most 9 images per document' }] }),
    );
    expect(secondVideo).toThrow(
      expect.objectContaining({ fieldProblems: [{ field: 'contentType', message: 'At most 1 video per document' }] }),
    );
    expect(videoBesideNineImages).not.toThrow();
    expect(afterOthers).not.toThrow();
  });

  it('R-INTAKE: a type the policy does not list is refused, naming contentType', () => {
    // Prepare
    const imagesOnly = { ...policy, contentTypes: ['image/jpeg' as const] };
    // Act
    const refuse = () => requireAcceptableAttachment(imagesOnly, { contentType: 'video/mp4', size: 10 }, []);
    // Assess
    expect(refuse).toThrow(
      expect.objectContaining({ fieldProblems: [{ field: 'contentType', message: 'Must be one of image/jpeg' }] }),
    );
  });

  it('R-INTAKE: a report may name only completed attachments of its own incident and unit, none on another report, within the limits', () => {
    // Prepare
    const incident = { incidentId: 'INC-1', unitId: 'gaosheng-zone' };
    const found = new Map(
      [
        attachment({ attachmentId: 'ATT-OK' }),
        attachment({ attachmentId: 'ATT-PENDING', status: 'pending' }),
        attachment({ attachmentId: 'ATT-OTHER-UNIT', unitId: 'example-town-a' }),
        attachment({ attachmentId: 'ATT-TAKEN', reportId: 'RPT-OTHER' }),
        attachment({ attachmentId: 'ATT-MINE', reportId: 'RPT-MINE' }),
        ...images(10),
      ].map((item) => [item.attachmentId, item]),
    );
    // Act
    const refused = () =>
      requireAttachableToReport(
        policy,
        incident,
        ['ATT-OK', 'ATT-PENDING', 'ATT-OTHER-UNIT', 'ATT-TAKEN', 'ATT-NONE'],
        found,
        'RPT-MINE',
      );
    const tooMany = () =>
      requireAttachableToReport(
        policy,
        incident,
        images(10).map((item) => item.attachmentId),
        found,
        'RPT-MINE',
      );
    const accepted = requireAttachableToReport(policy, incident, ['ATT-OK', 'ATT-MINE'], found, 'RPT-MINE');
    // Assess
    expect(refused).toThrow(
      expect.objectContaining({
        fieldProblems: [
          { field: 'attachmentIds.1', message: 'No completed attachment "ATT-PENDING" of this incident and unit' },
          { field: 'attachmentIds.2', message: 'No completed attachment "ATT-OTHER-UNIT" of this incident and unit' },
          { field: 'attachmentIds.3', message: 'Already attached to report RPT-OTHER' },
          { field: 'attachmentIds.4', message: 'No completed attachment "ATT-NONE" of this incident and unit' },
        ],
      }),
    );
    expect(tooMany).toThrow(
      expect.objectContaining({
        fieldProblems: [{ field: 'attachmentIds', message: 'At most 9 images per document' }],
      }),
    );
    expect(accepted.map((item) => item.attachmentId)).toEqual(['ATT-OK', 'ATT-MINE']);
  });

  it('R-INTAKE: IDs and keys come from the server, never from a file name; a pinned seed names the same attachment again', () => {
    // Act
    const first = newAttachmentId('seed-1');
    const again = newAttachmentId('seed-1');
    const other = newAttachmentId();
    // Assess
    expect(first).toBe(again);
    expect(first).toMatch(/^ATT-[A-Z0-9]{12}$/);
    expect(other).not.toBe(first);
    expect(attachmentObjectKey('INC-1', first)).toBe(`attachments/INC-1/${first}`);
  });

  it("R-AUDIT: S3's base64 SHA-256 and the API's hex are the same digest", () => {
    // Prepare
    const hex = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    // Act
    const roundTrip = sha256Base64ToHex(sha256HexToBase64(hex));
    // Assess
    expect(sha256HexToBase64(hex)).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(roundTrip).toBe(hex);
  });
});
