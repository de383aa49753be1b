import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The layer rule of eslint.config.mjs, tried on code that breaks it and code that keeps it (ESLint reads the text
// from stdin as if it were the named file, so nothing is written into the tree).

const root = join(__dirname, '../..');

function lint(file: string, code: string): string[] {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', file], { cwd: root, input: code, encoding: 'utf8' });
  // Nx's module-boundary rule prints a warning line before the JSON when no project graph is cached yet (a fresh
  // clone before `nx show projects`): the report is the JSON array that follows.
  const [report] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[{'))) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return report!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rule inside a service', () => {
  it('keeps domain/ free of the outer layers, I/O, drivers, randomness and Nest', () => {
    const file = 'services/enrolment/src/domain/example.ts';
    const code = [
      "import { a } from '../application/ports';",
      "import { b } from '../infrastructure/mongo-groups';",
      "import { c } from '../http/staff.controller';",
      "import { d } from '../messaging/events.controller';",
      "import { readFileSync } from 'node:fs';",
      "import { randomBytes, createHash } from 'node:crypto';",
      "import { Injectable } from '@nestjs/common';",
      "import mongoose from 'mongoose';",
      'export const all = [a, b, c, d, readFileSync, randomBytes, createHash, Injectable, mongoose];',
    ].join('\n');
    expect(lint(file, code)).toHaveLength(8);
    expect(lint(file, "import { createHash } from 'node:crypto';\nimport { z } from 'zod';\nimport { x } from './group';\nexport const y = [createHash, z, x];")).toEqual([]);
  }, 60_000);

  it('keeps application/ free of adapters and edges, and lets it use ports and the domain', () => {
    const file = 'services/notifications/src/application/example.ts';
    const code = "import { a } from '../infrastructure/smtp-mailer';\nimport { b } from '../http/staff.controller';\nexport const all = [a, b];";
    expect(lint(file, code)).toHaveLength(2);
    expect(lint(file, "import { a } from './ports';\nimport { b } from '../domain/message';\nimport { randomUUID } from 'node:crypto';\nexport const all = [a, b, randomUUID];")).toEqual([]);
  }, 60_000);
});
