/**
 * WCAG 2.1 colour contrast (success criteria 1.4.3 and 1.4.11). A municipality's brand colour is used as the
 * header background behind white text, so it must reach 4.5:1 against white; otherwise the service refuses to
 * start and names the file and the colour.
 */
export const AA_NORMAL_TEXT = 4.5;

export function parseHexColour(hex: string): [number, number, number] {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new Error(`not a #RRGGBB colour: ${hex}`);
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

/** Relative luminance as WCAG 2.1 defines it (sRGB, 0 for black, 1 for white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHexColour(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** A darker shade of the colour (mixed with black), for hover and focus states of branded surfaces. */
export function shade(hex: string, amount: number): string {
  const mixed = parseHexColour(hex).map((c) => Math.round(c * (1 - amount)));
  return `#${mixed.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
