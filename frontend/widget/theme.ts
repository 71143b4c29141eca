// The widget's colours from the admin's one accent colour: text on the launcher and the visitor's
// bubbles must stay readable whatever colour is chosen, so the text is white or near-black by the
// accent's contrast (WCAG relative luminance).

const HEX = /^#[0-9a-fA-F]{6}$/;
export const DEFAULT_COLOR = '#0f766e';

/** The accent if it is #rrggbb, else the default (preview settings may be half typed). */
export const accentColor = (color: unknown) => (typeof color === 'string' && HEX.test(color.trim()) ? color.trim() : DEFAULT_COLOR);

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** White or near-black, whichever contrasts more with the accent. */
export function textOn(color: string): '#ffffff' | '#111827' {
  const l = luminance(accentColor(color));
  const white = 1.05 / (l + 0.05);
  const dark = (l + 0.05) / (0.0144 + 0.05); // #111827's luminance is about 0.0144
  return white >= dark ? '#ffffff' : '#111827';
}
