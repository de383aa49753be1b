import { addPhoto, type Finding } from '../domain/finding';
import { cleanPhoto } from '../domain/photo';
import { FindingNotFound } from './round-errors';
import type { FindingPhotos, FindingStore } from './round-ports';

/**
 * Adds a photo to a finding of the municipality (of `roundId` when a participant adds it): checked and cleaned of
 * its metadata (domain/photo.ts: PhotoRefused for a wrong type, a broken file or one over 5 MB), the bytes stored
 * beside the finding, then the finding notes it with a version-checked write. Throws FindingNotFound for another
 * municipality's or round's finding, FindingRuleBroken for a closed one.
 */
export async function storeFindingPhoto(findings: FindingStore, photos: FindingPhotos, municipalityId: string, findingId: string, roundId: string | null, upload: Buffer, now: Date): Promise<Finding> {
  const photo = cleanPhoto(upload);
  const current = await findings.find(municipalityId, findingId);
  if (!current || (roundId !== null && current.roundId !== roundId)) throw new FindingNotFound();
  addPhoto(current, { type: photo.type, size: photo.bytes.length }, now); // the rule, before the bytes are stored
  await photos.put(municipalityId, findingId, photo.type, photo.bytes);
  const out: { finding?: Finding } = {};
  const result = await findings.change(municipalityId, findingId, (latest) => {
    const next = addPhoto(latest, { type: photo.type, size: photo.bytes.length }, now);
    out.finding = next;
    return { next, events: [] };
  });
  if (result === 'not-found' || !out.finding) throw new FindingNotFound();
  return out.finding;
}
