import { countSegments, normaliseSmsText } from './sms-segments';

describe('SMS segment counting', () => {
  it('keeps Swedish letters in GSM-7: 160 characters are one segment', () => {
    const text = 'åäöÅÄÖé'.padEnd(160, 'x');
    expect(countSegments(text)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  it('splits longer GSM-7 text into 153-character segments', () => {
    expect(countSegments('a'.repeat(161)).segments).toBe(2);
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the extension characters (€, brackets) as two septets', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('falls back to UCS-2 for an emoji: 70, then 67 per segment, an emoji taking two units', () => {
    expect(countSegments('Hej 👋')).toEqual({ encoding: 'UCS-2', units: 6, segments: 1 });
    expect(countSegments('a'.repeat(69) + '👋').segments).toBe(2);
    expect(countSegments('ж'.repeat(70)).segments).toBe(1);
    expect(countSegments('ж'.repeat(134)).segments).toBe(2);
    expect(countSegments('ж'.repeat(135)).segments).toBe(3);
  });

  it('would fall to UCS-2 for typographic quotes and dashes, which normalising replaces first', () => {
    const typed = '”Möte” på torsdag – välkommen…';
    expect(countSegments(typed).encoding).toBe('UCS-2');
    const plain = normaliseSmsText(typed);
    expect(plain).toBe('"Möte" på torsdag - välkommen...');
    expect(countSegments(plain)).toEqual({ encoding: 'GSM-7', units: plain.length, segments: 1 });
  });
});
