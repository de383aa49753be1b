import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aclCommands, aclMarkdown } from './acls';

// Writes docs/kafka-acls.md from the publishers and subscriptions, and prints the kafka-acls.sh commands.
const root = process.argv[2] ?? process.cwd();
const md = join(root, 'docs', 'kafka-acls.md');
writeFileSync(md, aclMarkdown() + '\n');
process.stdout.write(`# wrote ${md}\n${aclCommands().join('\n')}`);
