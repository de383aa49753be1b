/** Durations in process definitions: a positive whole number and a unit — `45s`, `30m`, `12h`, `14d`. */
export const DURATION_PATTERN = /^([1-9]\d{0,5})(s|m|h|d)$/;

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

/** For values already validated by the definition schema. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`invalid duration ${text}`);
  return ms;
}
