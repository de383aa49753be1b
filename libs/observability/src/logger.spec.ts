import { createLogger } from './logger';

describe('createLogger redacts personal data', () => {
  it('never writes a name, street, address, email or subject fields, at the top or one or two levels down; ids stay', () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'info', { write: (line: string) => void lines.push(line) });
    logger.info(
      {
        personId: 'p-1',
        name: 'Hemlig Hemligsson',
        street: 'Gömdavägen 7',
        registration: { name: 'Hemlig Hemligsson', email: 'hemlig@example.se', address: { street: 'Gömdavägen', number: '7' } },
        event: { payload: { subjectFields: { name: 'Hemlig Hemligsson' }, name: 'Hemlig Hemligsson', email: 'hemlig@example.se' } },
      },
      'a line',
    );
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ personId: 'p-1', name: '[redacted]', registration: { address: '[redacted]' }, event: { payload: { subjectFields: '[redacted]' } } });
    expect(lines[0]).not.toMatch(/Hemlig|Gömda|hemlig@/);
  });
});
