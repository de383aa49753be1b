import { z } from 'zod';
import { eventContracts } from './registry';

/** JSON Schema of every event payload, for plug-ins written in any language. */
export function jsonSchemas(): Record<string, unknown> {
  return Object.fromEntries(eventContracts.map((c) => [c.type, z.toJSONSchema(c.payload)]));
}

/** The event catalogue as Markdown, generated from the registry (docs/events.md). */
export function catalogueMarkdown(): string {
  const lines = [
    '# Event catalogue',
    '',
    'Generated from `libs/contracts` by `npm run events:catalogue` — do not edit by hand.',
    'Topic = event type. Every topic has a dead-letter topic `<type>.dlq`.',
    '',
    '| Event (topic) | What happened | Kafka key | Personal data and why |',
    '|---|---|---|---|',
  ];
  for (const c of eventContracts) {
    lines.push(`| \`${c.type}\` | ${c.description} | aggregate id | ${c.personalData} |`);
  }
  lines.push('', '## Payload schemas', '');
  for (const c of eventContracts) {
    lines.push(`### \`${c.type}\``, '', '```json', JSON.stringify(z.toJSONSchema(c.payload), null, 2), '```', '');
  }
  return lines.join('\n');
}
