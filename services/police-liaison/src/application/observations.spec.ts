import { InMemoryAuditTrail } from '@trygg/service-testing';
import { answer, fileFieldProblems, markRead, ObservationAlreadyAnswered, ObservationInvalid, type ObservationReport, receiveObservation } from '../domain/observation';
import { InMemoryObservations } from '../../test/fakes';
import { HandleObservation, ListObservations, OBSERVATION_AUDIT, ObservationNotFound, type OfficerContext, ReportObservation, TooManyObservations } from './observations';

const NOW = new Date('2026-05-10T12:00:00Z');
const report = (over: Partial<ObservationReport> = {}): ObservationReport => ({
  municipalityId: 'lilla-edet',
  personId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a13',
  groupId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a14',
  areaId: 'centrum-ostra',
  occurredAt: '2026-05-10T01:30:00+02:00',
  address: 'Storgatan 12',
  activity: 'trying-doors',
  description: 'Någon gick längs gatan och kände på bildörrar.',
  ...over,
});
const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ObservationInvalid) return error.fields.map((f) => f.field);
    throw error;
  }
  return [];
};

describe('an observation (domain rules)', () => {
  it('is received open, with the place as an address or a map point', () => {
    const o = receiveObservation('id-1', 'lpo-trollhattan', report(), NOW);
    expect(o).toMatchObject({ status: 'open', place: { kind: 'address', address: 'Storgatan 12' }, occurredAt: '2026-05-09T23:30:00.000Z', receivedAt: NOW.toISOString(), reporterId: report().personId, answer: null });
    const point = receiveObservation('id-2', 'lpo-trollhattan', report({ address: undefined, lat: 58.13, lng: 12.13 }), NOW);
    expect(point.place).toEqual({ kind: 'point', lat: 58.13, lng: 12.13 });
  });

  it('refuses a time in the future (beyond a few minutes of clock skew), naming the field', () => {
    expect(fieldsOf(() => receiveObservation('x', 'a', report({ occurredAt: '2026-05-10T13:00:00Z' }), NOW))).toEqual(['occurredAt']);
    expect(fieldsOf(() => receiveObservation('x', 'a', report({ occurredAt: '2026-05-10T12:03:00Z' }), NOW))).toEqual([]);
  });

  it('needs exactly one place: an address or both coordinates', () => {
    expect(fieldsOf(() => receiveObservation('x', 'a', report({ address: undefined }), NOW))).toEqual(['address']);
    expect(fieldsOf(() => receiveObservation('x', 'a', report({ lat: 58.1, lng: 12.1 }), NOW))).toEqual(['address']);
    expect(fieldsOf(() => receiveObservation('x', 'a', report({ address: undefined, lat: 58.1 }), NOW))).toEqual(['lng']);
    expect(fieldsOf(() => receiveObservation('x', 'a', report({ address: '  ', description: ' ' }), NOW))).toEqual(['address', 'description']);
  });

  it('names photo and file fields as not collected, and nothing else', () => {
    expect(fileFieldProblems({ photo: 'data:image/png;base64,AAAA', attachments: [], description: 'x', Bild: 'y' }).map((p) => p.field)).toEqual(['photo', 'attachments', 'Bild']);
    expect(fileFieldProblems({ description: 'profile of a car' })).toEqual([]);
    expect(fileFieldProblems(null)).toEqual([]);
  });

  it('open → read → answered; read twice changes nothing; answered once only', () => {
    const o = receiveObservation('id', 'a', report(), NOW);
    const read = markRead(o, 'polis#1', NOW)!;
    expect(read).toMatchObject({ status: 'read', readBy: 'polis#1', readAt: NOW.toISOString() });
    expect(markRead(read, 'polis#2', NOW)).toBeUndefined();
    const answered = answer(o, ' Tack, vi har fler tips om det. ', 'polis#1', NOW);
    expect(answered).toMatchObject({ status: 'answered', readBy: 'polis#1', answer: { text: 'Tack, vi har fler tips om det.', answeredBy: 'polis#1' } });
    expect(markRead(answered, 'polis#2', NOW)).toBeUndefined();
    expect(() => answer(answered, 'igen', 'polis#1', NOW)).toThrow(ObservationAlreadyAnswered);
  });
});

describe('observations (use cases)', () => {
  const areas = { policeAreaOf: (m: string) => (m === 'lilla-edet' ? 'lpo-trollhattan' : undefined) };
  const officer = (area = 'lpo-trollhattan'): OfficerContext => ({ actor: { subject: 'https://polisen#p1', name: 'Per Polis', role: 'police-officer', scope: area }, policeAreaId: area, municipalityIds: ['lilla-edet', 'trollhattan'], correlationId: 'c-1' });
  let store: InMemoryObservations;
  let audit: InMemoryAuditTrail;
  let allowed: boolean;
  let counted: string[];
  const limit = { allow: async (personId: string) => (counted.push(personId), { allowed, retryAfterSeconds: allowed ? 0 : 3600 }) };
  beforeEach(() => {
    store = new InMemoryObservations();
    audit = new InMemoryAuditTrail();
    allowed = true;
    counted = [];
  });
  const reportOne = (over: Partial<ObservationReport> = {}) => new ReportObservation(store, areas, limit, () => NOW).execute(report(over), 'c-0');

  it('stores the report in the police area of its group\'s area and tells police.observation-received.v1 without the reporter, place or text', async () => {
    const o = await reportOne();
    expect(o.policeAreaId).toBe('lpo-trollhattan');
    expect(store.events).toHaveLength(1);
    expect(store.events[0]).toMatchObject({ type: 'police.observation-received.v1', municipalityId: 'lilla-edet', payload: { observationId: o.id, policeAreaId: 'lpo-trollhattan', groupId: o.groupId, activity: 'trying-doors' } });
    const text = JSON.stringify(store.events[0]!.payload);
    for (const personal of [o.reporterId, 'Storgatan', 'bildörrar']) expect(text).not.toContain(personal);
    expect(counted).toEqual([o.reporterId]);
  });

  it('refuses a person over the limit (nothing stored), an unknown municipality, and counts no invalid report', async () => {
    await expect(reportOne({ occurredAt: '2030-01-01T00:00:00Z' })).rejects.toBeInstanceOf(ObservationInvalid);
    expect(counted).toEqual([]);
    await expect(reportOne({ municipalityId: 'nowhere' })).rejects.toBeInstanceOf(ObservationInvalid);
    allowed = false;
    await expect(reportOne()).rejects.toBeInstanceOf(TooManyObservations);
    expect(store.docs.size).toBe(0);
  });

  it('lists the officer\'s area newest first and audits the view per municipality; another area sees nothing', async () => {
    const older = await reportOne({ occurredAt: '2026-05-01T10:00:00Z' });
    const newer = await reportOne({ occurredAt: '2026-05-09T10:00:00Z' });
    expect((await new ListObservations(store, audit).execute(officer())).map((o) => o.id)).toEqual([newer.id, older.id]);
    expect(audit.entries.map((e) => [e.action, e.municipalityId, e.details])).toEqual([
      [OBSERVATION_AUDIT.listed, 'lilla-edet', { rows: 2 }],
      [OBSERVATION_AUDIT.listed, 'trollhattan', { rows: 0 }],
    ]);
    expect(await new ListObservations(store, audit).execute(officer('lpo-ale-kungalv'))).toEqual([]);
  });

  it('marks read and answers (once) with police.observation-answered.v1 to the reporter by personId; every action audited; another area: not found', async () => {
    const o = await reportOne();
    const handle = new HandleObservation(store, audit, () => NOW);
    await expect(handle.markRead(officer('lpo-ale-kungalv'), o.id)).rejects.toBeInstanceOf(ObservationNotFound);
    expect((await handle.markRead(officer(), o.id)).status).toBe('read');
    const answered = await handle.answer(officer(), o.id, 'Tack! Vi åker förbi i kväll.');
    expect(answered.status).toBe('answered');
    expect(store.events.at(-1)).toMatchObject({ type: 'police.observation-answered.v1', payload: { observationId: o.id, personId: o.reporterId, answer: 'Tack! Vi åker förbi i kväll.' } });
    await expect(handle.answer(officer(), o.id, 'igen')).rejects.toBeInstanceOf(ObservationAlreadyAnswered);
    expect(audit.entries.map((e) => [e.action, e.subject, e.actor.subject])).toEqual([
      [OBSERVATION_AUDIT.read, { kind: 'observation', id: o.id }, 'https://polisen#p1'],
      [OBSERVATION_AUDIT.answered, { kind: 'observation', id: o.id }, 'https://polisen#p1'],
    ]);
  });
});
