import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

describe('notifications with bad rules or templates', () => {
  it('refuses to start, naming each file and reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ntf-bad-'));
    try {
      cpSync(join(root, 'municipalities'), dir, { recursive: true });
      mkdirSync(join(dir, 'ale/notifications/templates'), { recursive: true });
      writeFileSync(join(dir, 'ale/notifications/templates/group-activated.en.yaml'), 'email:\n  subject: Hi\n  text: "{{payload.email}}"\nsms:\n  text: Hi\n');
      const result = spawnSync(process.execPath, [join(root, 'dist/services/notifications/src/main.js')], {
        env: { ...process.env, PORT: '3412', MUNICIPALITIES_DIR: dir, MONGO_URL: 'mongodb://127.0.0.1:27018/ntf_never', LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`${join(dir, 'ale/notifications/templates/group-activated.sv.yaml')}: missing: template "group-activated" has en but Swedish (sv) is required`);
      expect(result.stderr).toContain(`${join(dir, 'ale/notifications/templates/group-activated.en.yaml')}: variable {{payload.email}} is not available to rule "group-activated"`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
