import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

let withoutQuietHours: string | undefined;

/**
 * A copy of the shipped `municipalities/` folder in which no municipality has quiet hours, made once per test
 * process. Notifications holds back a non-urgent SMS until the quiet hours end (21–08 in the seed): a test that
 * waits for SMS to be sent or skipped would pass in the afternoon and time out at night. Processes started for
 * tests read this copy (`MUNICIPALITIES_DIR`), so they behave the same at any hour; quiet hours themselves have
 * their own unit tests, across daylight-saving changes.
 */
export function municipalitiesWithoutQuietHours(): string {
  if (withoutQuietHours) return withoutQuietHours;
  const dir = mkdtempSync(join(tmpdir(), 'trygg-municipalities-'));
  cpSync(resolve(__dirname, '../../../municipalities'), dir, { recursive: true });
  for (const id of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const file = join(dir, id, 'municipality.yaml');
    const text = readFileSync(file, 'utf8');
    if (!/^quietHours: .*$/m.test(text)) throw new Error(`${id}/municipality.yaml has no one-line quietHours to replace`);
    writeFileSync(file, text.replace(/^quietHours: .*$/m, 'quietHours: { start: "00:00", end: "00:00" }'));
  }
  withoutQuietHours = dir;
  return dir;
}
