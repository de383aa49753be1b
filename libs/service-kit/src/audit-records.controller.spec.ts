import type { AuditQuery, AuditRecord } from '@trygg/audit';
import type { Principal } from '@trygg/auth';
import { AuditRecordsController, type AuditRecordSource } from './audit-records.controller';
import { ValidationFailed } from './errors';

const record = (seq: number, municipalityId: string | undefined): AuditRecord => ({
  _id: seq,
  at: new Date('2025-03-01T10:00:00.000Z'),
  actor: { subject: 'https://idp.test/ale#kim', name: 'Kim', role: 'coordinator', scope: municipalityId ?? 'platform' },
  action: 'groups-viewed',
  subject: { kind: 'list', id: municipalityId ?? 'platform' },
  ...(municipalityId !== undefined ? { municipalityId } : {}),
  correlationId: `c-${seq}`,
  details: { rows: seq },
  prevHash: `h${seq - 1}`,
  hash: `h${seq}`,
});

/** Answers as AuditTrail.find does (newest first, `municipalityId` filters) and keeps every query it was asked. */
class RecordingTrail implements AuditRecordSource {
  readonly queries: AuditQuery[] = [];
  constructor(private readonly records: AuditRecord[]) {}
  async find(query: AuditQuery): Promise<AuditRecord[]> {
    this.queries.push(query);
    return this.records.filter((r) => query.municipalityId === undefined || r.municipalityId === query.municipalityId).reverse().slice(0, query.limit);
  }
}

const principal = (roles: Principal['roles'], municipalityId?: string): Principal => ({
  subject: `https://idp.test/${municipalityId ?? 'platform'}#someone`,
  name: 'Someone',
  issuer: `https://idp.test/${municipalityId ?? 'platform'}`,
  roles,
  ...(municipalityId !== undefined ? { municipalityId } : {}),
  municipalityIds: municipalityId !== undefined ? [municipalityId] : [],
  reviewerSteps: [],
  permissions: [],
});

describe('AuditRecordsController (GET /audit of every service)', () => {
  const trail = () => new RecordingTrail([record(1, 'ale'), record(2, 'lilla-edet'), record(3, undefined), record(4, 'ale')]);

  it('shows a data-protection officer only their own municipality\'s records, whatever the query asks', async () => {
    const source = trail();
    const answer = await new AuditRecordsController(source).records(principal(['data-protection-officer'], 'ale'), { subject: 'lilla-edet', actor: 'x', before: '10', limit: '5' });
    expect(source.queries).toEqual([{ municipalityId: 'ale', subjectId: 'lilla-edet', actorSubject: 'x', before: 10, limit: 5 }]);
    expect(answer.records.map((r) => r.seq)).toEqual([4, 1]);
  });

  it('shows an admin every municipality\'s records, and the ones tied to none', async () => {
    const source = trail();
    const answer = await new AuditRecordsController(source).records(principal(['admin']), {});
    expect(source.queries).toEqual([{ limit: 100 }]);
    expect(answer.records.map((r) => [r.seq, r.municipalityId])).toEqual([[4, 'ale'], [3, undefined], [2, 'lilla-edet'], [1, 'ale']]);
  });

  it('answers each record as the contract says: seq, ISO time, the chain\'s hashes', async () => {
    const answer = await new AuditRecordsController(trail()).records(principal(['admin']), { limit: '1' });
    expect(answer.records).toEqual([
      {
        seq: 4, at: '2025-03-01T10:00:00.000Z', actor: { subject: 'https://idp.test/ale#kim', name: 'Kim', role: 'coordinator', scope: 'ale' }, action: 'groups-viewed',
        subject: { kind: 'list', id: 'ale' }, municipalityId: 'ale', correlationId: 'c-4', details: { rows: 4 }, prevHash: 'h3', hash: 'h4',
      },
    ]);
  });

  it('refuses a data-protection officer without a municipality rather than show every municipality\'s records', async () => {
    const source = trail();
    await expect(new AuditRecordsController(source).records(principal(['data-protection-officer']), {})).rejects.toThrow('without a municipality');
    expect(source.queries).toEqual([]);
  });

  it('refuses an unknown or bad query field (400)', async () => {
    await expect(new AuditRecordsController(trail()).records(principal(['admin']), { limit: '0' })).rejects.toBeInstanceOf(ValidationFailed);
    await expect(new AuditRecordsController(trail()).records(principal(['admin']), { municipality: 'ale' })).rejects.toBeInstanceOf(ValidationFailed);
  });
});
