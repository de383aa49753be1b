import { crc32 } from 'node:zlib';
import { cleanPhoto, PHOTO_MAX_BYTES, PhotoRefused, photoTypeOf } from './photo';

// Small real images: a 2×2 picture drawn on a canvas and encoded by Chromium (toDataURL), with its ICC profile
// (JPEG APP2, WebP ICCP) — a colour profile, not metadata about the person, so it stays.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAZEAEBAQEBAQAAAAAAAAAAAAACAQARA1H/xAAVAQEBAAAAAAAAAAAAAAAAAAAHCf/EABoRAAAHAAAAAAAAAAAAAAAAAAABAwQ0crH/2gAMAwEAAhEDEQA/AJLAPkCAYAZyEzkk+TMzGDySpY9FBmsdOpYP/9k=',
  'base64',
);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAGElEQVR4AWJiYDjz/wwDw3+mMwwmDCAAAAAA///kSGNZAAAABklEQVQDADYYBJtyprETAAAAAElFTkSuQmCC', 'base64');
const WEBP = Buffer.from(
  'UklGRiYCAABXRUJQVlA4WAoAAAAgAAAAAQAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggOAAAALABAJ0BKgIAAgAAwBIloAJ0APSocoAA/v78+5wogwJJPxQlDri5siKP/0+r//p9X//T6v/TnAAA',
  'base64',
);

const SECRET = 'GPS 58.2712 12.3082 Anna Andersson';

/** A JPEG marker segment: FF <marker>, length, payload. */
function jpegSegment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}
/** A PNG chunk with its CRC. */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}
/** A RIFF chunk (padded to an even size). */
function riffChunk(fourCc: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourCc, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

const exifPayload = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'), Buffer.from(SECRET)]);
const xmpPayload = Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>${SECRET}</dc:creator></x:xmpmeta>`, 'latin1');

describe('a finding photo', () => {
  it('is told by its magic bytes: JPEG, PNG, WebP; nothing else', () => {
    expect([JPEG, PNG, WEBP].map(photoTypeOf)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
    expect(photoTypeOf(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(photoTypeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(() => cleanPhoto(Buffer.from('%PDF-1.7'))).toThrow(new PhotoRefused('not-an-image'));
  });

  it('is at most 5 MB', () => {
    const big = Buffer.concat([JPEG.subarray(0, 2), Buffer.alloc(PHOTO_MAX_BYTES)]);
    expect(() => cleanPhoto(big)).toThrow(new PhotoRefused('too-large'));
  });

  it('is kept as it is when it carries no metadata', () => {
    expect(cleanPhoto(JPEG).bytes.equals(JPEG)).toBe(true);
    expect(cleanPhoto(PNG).bytes.equals(PNG)).toBe(true);
    expect(cleanPhoto(WEBP).bytes.equals(WEBP)).toBe(true);
  });

  it('JPEG: loses its EXIF and XMP (APP1), IPTC (APP13) and comments; keeps JFIF, the ICC profile and the image', () => {
    const withMetadata = Buffer.concat([
      JPEG.subarray(0, 2),
      jpegSegment(0xe1, exifPayload),
      jpegSegment(0xe1, xmpPayload),
      jpegSegment(0xed, Buffer.from(`Photoshop 3.0\0${SECRET}`, 'latin1')),
      jpegSegment(0xfe, Buffer.from(SECRET)),
      JPEG.subarray(2),
    ]);
    expect(withMetadata.includes(SECRET)).toBe(true);
    const cleaned = cleanPhoto(withMetadata);
    expect(cleaned.type).toBe('image/jpeg');
    expect(cleaned.bytes.equals(JPEG)).toBe(true);
    expect(cleaned.bytes.includes('ICC_PROFILE')).toBe(true);
  });

  it('PNG: loses its tEXt, iTXt, zTXt, eXIf and tIME chunks; keeps the image chunks', () => {
    const iend = PNG.length - 12;
    const withMetadata = Buffer.concat([
      PNG.subarray(0, iend),
      pngChunk('tEXt', Buffer.from(`Author\0${SECRET}`, 'latin1')),
      pngChunk('iTXt', Buffer.from(`Description\0\0\0\0\0${SECRET}`, 'latin1')),
      pngChunk('zTXt', Buffer.from('Comment\0\0xyz', 'latin1')),
      pngChunk('eXIf', exifPayload.subarray(6)),
      pngChunk('tIME', Buffer.from([0x07, 0xea, 5, 12, 18, 0, 0])),
      PNG.subarray(iend),
    ]);
    const cleaned = cleanPhoto(withMetadata);
    expect(cleaned.bytes.equals(PNG)).toBe(true);
  });

  it('WebP: loses its EXIF and XMP chunks and their VP8X flags; the RIFF size follows', () => {
    const withMetadata = Buffer.concat([WEBP.subarray(0, 12), riffChunk('VP8X', Buffer.from(WEBP.subarray(20, 30))), WEBP.subarray(30), riffChunk('EXIF', exifPayload), riffChunk('XMP ', xmpPayload)]);
    withMetadata[20] = (withMetadata[20] as number) | 0x08 | 0x04; // the VP8X flags say EXIF and XMP follow
    withMetadata.writeUInt32LE(withMetadata.length - 8, 4);
    expect(withMetadata.includes(SECRET)).toBe(true);
    const cleaned = cleanPhoto(withMetadata);
    expect(cleaned.bytes.equals(WEBP)).toBe(true);
    expect(cleaned.bytes.readUInt32LE(4)).toBe(cleaned.bytes.length - 8);
    expect((cleaned.bytes[20] as number) & 0x0c).toBe(0);
    expect((cleaned.bytes[20] as number) & 0x20).toBe(0x20); // the ICC flag stays
  });

  it('is refused as malformed when its structure is broken (a cut-off file)', () => {
    expect(() => cleanPhoto(JPEG.subarray(0, 30))).toThrow(new PhotoRefused('malformed'));
    expect(() => cleanPhoto(PNG.subarray(0, PNG.length - 5))).toThrow(new PhotoRefused('malformed'));
    const cut = Buffer.from(WEBP.subarray(0, 100));
    expect(() => cleanPhoto(cut)).toThrow(new PhotoRefused('malformed'));
  });
});
