import { checkSwedishCoordinate, householdKey, houseNumberOf, normalisePostcode, normaliseStreetNumber, tidyAddress } from './address';

describe('addresses', () => {
  it.each([
    ['44930', '449 30'],
    ['449 30', '449 30'],
    [' 449  30 ', '449 30'],
  ])('reads the postcode %j as %j', (raw, expected) => expect(normalisePostcode(raw)).toBe(expected));

  it.each(['4493', '449300', 'ABC DE', '449-30', ''])('refuses %j as a postcode', (raw) => expect(normalisePostcode(raw)).toBeNull());

  it.each([
    ['12', 12],
    ['12B', 12],
    ['12 b', 12],
    ['3-5', 3],
    ['B12', null],
    ['tolv', null],
  ])('reads the house number of %j as %j', (raw, expected) => expect(houseNumberOf(raw)).toBe(expected));

  it('writes a street number with its letter upper-case and no space', () => {
    expect(normaliseStreetNumber(' 12 b ')).toBe('12B');
  });

  it('treats the same street, number and postcode as one household whatever the case and spacing', () => {
    const a = tidyAddress({ street: 'Storgatan', number: '12b', postcode: '44930' });
    const b = tidyAddress({ street: '  storgatan ', number: '12 B', postcode: '449 30', city: 'Nödinge' });
    expect(householdKey(a)).toBe(householdKey(b));
    expect(b).toEqual({ street: 'storgatan', number: '12B', postcode: '449 30', city: 'Nödinge' });
  });

  it('recognises a Swedish coordinate, a swapped one and one outside Sweden', () => {
    expect(checkSwedishCoordinate(12.29, 58.28)).toBeNull(); // Trollhättan, lon/lat
    expect(checkSwedishCoordinate(58.28, 12.29)).toBe('swapped-lat-lon');
    expect(checkSwedishCoordinate(2.35, 48.85)).toBe('outside-sweden');
  });
});
