/**
 * A photo of a finding: JPEG, PNG or WebP only — told by the file's own first bytes (magic numbers), never by a name
 * or a declared type — at most PHOTO_MAX_BYTES, and stored only after its metadata is removed (EXIF carries the GPS
 * position and the camera's serial number, XMP and text chunks may carry names). Pure byte handling, no native
 * dependency: the image data itself is copied unchanged, only metadata containers are dropped.
 * - JPEG: APP1 segments (EXIF, XMP), APP13 (Photoshop/IPTC) and comments (COM) before the image data are dropped;
 *   APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform) and the tables are kept.
 * - PNG: the tEXt, iTXt, zTXt, eXIf and tIME chunks are dropped.
 * - WebP: the EXIF and XMP chunks are dropped and the VP8X header's flags for them cleared; the RIFF size follows.
 */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export type PhotoRefusal = 'not-an-image' | 'too-large' | 'malformed';

export class PhotoRefused extends Error {
  constructor(readonly refusal: PhotoRefusal) {
    super(refusal);
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type the bytes are, by their magic number; null for anything else. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Checks and cleans an uploaded photo: its type and the bytes without metadata. */
export function cleanPhoto(bytes: Uint8Array): { type: PhotoType; bytes: Buffer } {
  if (bytes.byteLength > PHOTO_MAX_BYTES) throw new PhotoRefused('too-large');
  const type = photoTypeOf(bytes);
  if (!type) throw new PhotoRefused('not-an-image');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const cleaned = type === 'image/jpeg' ? stripJpeg(b) : type === 'image/png' ? stripPng(b) : stripWebp(b);
    return { type, bytes: cleaned };
  } catch (error) {
    if (error instanceof PhotoRefused) throw error;
    throw new PhotoRefused('malformed');
  }
}

function need(condition: boolean): void {
  if (!condition) throw new PhotoRefused('malformed');
}

/** JPEG: markers up to the start of scan; APP1, APP13 and COM left out; from SOS on, everything as it is. */
function stripJpeg(b: Buffer): Buffer {
  const kept: Buffer[] = [b.subarray(0, 2)]; // SOI
  let at = 2;
  for (;;) {
    need(at + 4 <= b.length && b[at] === 0xff);
    const marker = b[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      kept.push(b.subarray(at, at + 2)); // EOI without image data: structurally fine
      return Buffer.concat(kept);
    }
    const length = b.readUInt16BE(at + 2);
    need(length >= 2 && at + 2 + length <= b.length);
    const segment = b.subarray(at, at + 2 + length);
    if (marker === 0xda) {
      kept.push(b.subarray(at)); // SOS: the entropy-coded data and the rest of the file
      return Buffer.concat(kept);
    }
    if (marker !== 0xe1 && marker !== 0xed && marker !== 0xfe) kept.push(segment);
    at += 2 + length;
  }
}

const PNG_DROPPED = new Set(['tEXt', 'iTXt', 'zTXt', 'eXIf', 'tIME']);

/** PNG: the signature, then every chunk but the text, EXIF and time chunks, up to IEND. */
function stripPng(b: Buffer): Buffer {
  const kept: Buffer[] = [b.subarray(0, 8)];
  let at = 8;
  for (;;) {
    need(at + 12 <= b.length);
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    need(/^[A-Za-z]{4}$/.test(type) && at + 12 + length <= b.length);
    const chunk = b.subarray(at, at + 12 + length);
    if (!PNG_DROPPED.has(type)) kept.push(chunk);
    at += 12 + length;
    if (type === 'IEND') return Buffer.concat(kept);
  }
}

const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/** WebP: RIFF chunks but EXIF and XMP; the VP8X flags for them cleared; the RIFF size recomputed. */
function stripWebp(b: Buffer): Buffer {
  const riffEnd = 8 + b.readUInt32LE(4);
  need(riffEnd <= b.length && riffEnd >= 12);
  const kept: Buffer[] = [];
  let at = 12;
  while (at < riffEnd) {
    need(at + 8 <= riffEnd);
    const fourCc = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const padded = size + (size % 2);
    need(at + 8 + size <= riffEnd);
    const chunk = Buffer.from(b.subarray(at, Math.min(at + 8 + padded, riffEnd)));
    if (fourCc === 'VP8X') {
      need(size >= 1);
      chunk[8] = (chunk[8] as number) & ~(VP8X_EXIF | VP8X_XMP);
    }
    if (fourCc !== 'EXIF' && fourCc !== 'XMP ') kept.push(chunk);
    at += 8 + padded;
  }
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}
