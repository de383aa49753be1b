/**
 * A finding's photo as the participant's phone posts it: JPEG, PNG or WebP, at most 5 MB — volunteers' own limit
 * (PHOTO_MAX_BYTES of services/volunteers; it checks again, by the bytes, and strips the metadata). The web refuses
 * early what volunteers would refuse anyway, so the form shows the error next to the field before anything is stored.
 */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** The limit as the form's label and error name it. */
export const PHOTO_MAX_MB = 5;

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type its first bytes tell (not the file name or the browser's claim), or null when it is none of the three. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** What came with the form: no file, a file (its bytes and type), or why it was refused. */
export type PhotoUpload = { kind: 'none' } | { kind: 'photo'; bytes: Buffer; type: PhotoType } | { kind: 'refused'; reason: 'too-large' | 'not-an-image' };

/** The upload's verdict from the parsed file (an empty file input posts a file with no bytes and no name: none). */
export function photoUploadOf(file: { buffer: Buffer; size: number; originalname: string } | undefined): PhotoUpload {
  if (!file || (file.size === 0 && !file.originalname)) return { kind: 'none' };
  if (file.size > PHOTO_MAX_BYTES) return { kind: 'refused', reason: 'too-large' };
  const type = photoTypeOf(file.buffer);
  return type ? { kind: 'photo', bytes: file.buffer, type } : { kind: 'refused', reason: 'not-an-image' };
}
