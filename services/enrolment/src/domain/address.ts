/**
 * Street addresses as residents type them, and the normal forms used to match them against area rules.
 * Pure: no framework, no database.
 */
export interface Address {
  street: string;
  /** As written by the resident: "12", "12B", "12 b", "3-5". */
  number: string;
  /** Always stored as "NNN NN". */
  postcode: string;
  city: string | null;
}

/** WGS84 longitude/latitude (GeoJSON order: lon first). */
export interface Coordinates {
  lon: number;
  lat: number;
}

const POSTCODE = /^(\d{3})\s?(\d{2})$/;
const STREET_NUMBER = /^(\d{1,5})\s?([a-zA-ZåäöÅÄÖ]{0,2})(?:\s?[-–]\s?\d{1,5}\s?[a-zA-Z]?)?$/;

/** "44930", "449 30", " 449  30 " → "449 30"; null when it is not a Swedish postcode. */
export function normalisePostcode(raw: string): string | null {
  const match = POSTCODE.exec(raw.trim().replace(/\s+/g, ' '));
  return match ? `${match[1]} ${match[2]}` : null;
}

/** The house number of "12B" is 12; of "3-5" is 3. Null when the text does not start like a house number. */
export function houseNumberOf(raw: string): number | null {
  const match = STREET_NUMBER.exec(raw.trim());
  return match ? Number(match[1]) : null;
}

/** Upper-cases a trailing letter and removes inner spaces: "12 b" → "12B". */
export function normaliseStreetNumber(raw: string): string {
  return raw.trim().replace(/\s+/g, '').replace(/[–]/g, '-').toUpperCase();
}

/** Street names compare without case, accents composed, and with white space folded: "  storgatan " ~ "Storgatan". */
export function streetKey(street: string): string {
  return street.normalize('NFC').trim().replace(/\s+/g, ' ').replace(/\.$/, '').toLocaleLowerCase('sv-SE');
}

/** A household is identified by its address: same street, number and postcode is the same household. */
export function householdKey(address: Pick<Address, 'street' | 'number' | 'postcode'>): string {
  return `${streetKey(address.street)}|${normaliseStreetNumber(address.number).toLocaleLowerCase('sv-SE')}|${address.postcode}`;
}

export function tidyAddress(input: { street: string; number: string; postcode: string; city?: string | null | undefined }): Address {
  const postcode = normalisePostcode(input.postcode);
  if (!postcode) throw new Error(`not a postcode: ${input.postcode}`);
  const city = input.city?.normalize('NFC').trim().replace(/\s+/g, ' ');
  return {
    street: input.street.normalize('NFC').trim().replace(/\s+/g, ' '),
    number: normaliseStreetNumber(input.number),
    postcode,
    city: city ? city : null,
  };
}

/**
 * Sweden's bounding box (with a small margin). Used to catch coordinates given as lat/lon instead of GeoJSON's
 * lon/lat: swapped, a Swedish point lands in the sea off Somalia and silently matches nothing.
 */
export const SWEDEN_BOUNDS = { minLon: 10.0, maxLon: 24.5, minLat: 55.0, maxLat: 69.5 } as const;

export type CoordinateProblem = 'outside-sweden' | 'swapped-lat-lon';

export function checkSwedishCoordinate(lon: number, lat: number): CoordinateProblem | null {
  const inside = (x: number, y: number) =>
    x >= SWEDEN_BOUNDS.minLon && x <= SWEDEN_BOUNDS.maxLon && y >= SWEDEN_BOUNDS.minLat && y <= SWEDEN_BOUNDS.maxLat;
  if (inside(lon, lat)) return null;
  if (inside(lat, lon)) return 'swapped-lat-lon';
  return 'outside-sweden';
}
