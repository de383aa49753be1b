import { contrastRatio, relativeLuminance, shade } from './contrast';

describe('colour contrast (WCAG 2.1)', () => {
  it('gives 21:1 for black on white and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1d4f91', '#1d4f91')).toBeCloseTo(1, 5);
  });

  it('matches the published ratio of a known pair (#767676 on white is just above 4.5:1)', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('is symmetric and uses the relative luminance of sRGB', () => {
    expect(contrastRatio('#ffffff', '#00594f')).toBe(contrastRatio('#00594f', '#ffffff'));
    expect(relativeLuminance('#ffffff')).toBe(1);
  });

  it('shades a colour towards black', () => {
    expect(shade('#ffffff', 0.5)).toBe('#808080');
    expect(contrastRatio(shade('#1d4f91', 0.2), '#ffffff')).toBeGreaterThan(contrastRatio('#1d4f91', '#ffffff'));
  });

  it('rejects what is not a #RRGGBB colour', () => {
    expect(() => relativeLuminance('red')).toThrow('not a #RRGGBB colour');
  });
});
