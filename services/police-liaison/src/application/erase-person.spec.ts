import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { InMemoryAuditTrail } from '@trygg/service-testing';
import { InMemoryCases, InMemoryGroupProjection, InMemoryMeetings, InMemoryMeetingSteps, InMemoryObservations } from '../../test/fakes';
import { receiveObservation } from '../domain/observation';
import { schedule } from '../domain/start-meeting';
import { ErasePerson, PERSON_ERASED } from './erase-person';
import { HandleObservation } from './observations';
import { OpenCase } from './open-case';
import { ProjectGroups } from './project-groups';

const ANNA = randomUUID();
const BO = randomUUID();
const GROUP = randomUUID();
const NOMINATION = randomUUID();

async function world() {
  const cases = new InMemoryCases();
  const meetings = new InMemoryMeetings();
  const steps = new InMemoryMeetingSteps();
  const groups = new InMemoryGroupProjection();
  const observations = new InMemoryObservations();
  const trail = new InMemoryAuditTrail();
  // The name comes from the person's police-approval case, as MongoContactPersonNames reads it.
  const names = {
    of: async (_m: string, personId: string) => {
      const name = [...cases.docs.values()].find((d) => d.work.subject.personId === personId)?.work.subjectFields['name'];
      return { name: typeof name === 'string' ? name : null, protectedIdentity: false };
    },
  };
  await new OpenCase(cases, { defaultAreaOf: () => 'lpo-trollhattan' }, pino({ level: 'silent' })).execute({
    municipalityId: 'lilla-edet', instanceId: randomUUID(), stepId: 'police-approval', stepType: 'police-approval', attempt: 1,
    subject: { kind: 'contact-person', id: NOMINATION, personId: ANNA }, subjectFields: { name: 'Anna Andersson' }, policeAreaId: 'lpo-trollhattan', dueAt: null,
  });
  const project = new ProjectGroups(groups, { policeAreaOf: () => 'lpo-trollhattan' });
  await project.groupFact('lilla-edet', GROUP, { kind: 'nominated', at: '2026-11-01T10:00:00.000Z', areaId: 'centrum', policeAreaId: 'lpo-trollhattan', nominationId: NOMINATION, personId: ANNA });
  await project.groupFact('lilla-edet', GROUP, { kind: 'snapshot', at: '2026-11-02T10:00:00.000Z', areaId: 'centrum', status: 'active', contactPersonIds: [ANNA, BO] });
  const meeting = schedule({ id: randomUUID(), municipalityId: 'lilla-edet', groupId: GROUP, policeAreaId: 'lpo-trollhattan', proposedBy: { kind: 'police', subject: 'p' }, startsAt: '2026-11-10T17:00:00.000Z', endsAt: '2026-11-10T18:00:00.000Z', place: 'Folkets hus' }, new Date('2026-11-01T10:00:00Z'));
  await meetings.insert({
    ...meeting,
    status: 'held',
    invitations: [{ personId: ANNA, tokenHash: 'h-anna', expiresAt: meeting.endsAt }, { personId: BO, tokenHash: 'h-bo', expiresAt: meeting.endsAt }],
    rsvps: { [ANNA]: { answer: 'yes', at: '2026-11-03T10:00:00.000Z' }, [BO]: { answer: 'no', at: '2026-11-03T10:00:00.000Z' } },
    attendance: { personIds: [ANNA], recordedBy: 'p', recordedByKind: 'police', recordedAt: '2026-11-10T18:00:00.000Z', heldOn: '2026-11-10' },
  }, []);
  await steps.insert({ id: 'i:start-meeting:1', municipalityId: 'lilla-edet', instanceId: randomUUID(), stepId: 'start-meeting', attempt: 1, nominationId: NOMINATION, personId: ANNA, status: 'pending', answeredBy: null }, []);
  const observation = receiveObservation(randomUUID(), 'lpo-trollhattan', {
    municipalityId: 'lilla-edet', personId: ANNA, groupId: GROUP, areaId: 'centrum', occurredAt: '2026-11-01T09:00:00Z', address: 'Annanvägen 3',
    activity: 'vandalism', description: 'Jag, Anna Andersson, såg två personer krossa en busskur vid Annanvägen. Anna',
  }, new Date('2026-11-01T10:00:00Z'));
  await observations.insert(observation, []);
  const erase = new ErasePerson({ cases, names, meetings, meetingSteps: steps, groups, observations }, trail);
  return { cases, meetings, steps, groups, observations, trail, erase, meetingId: meeting.id, observationId: observation.id };
}

describe('erasure: police-liaison forgets the person everywhere (ErasePerson)', () => {
  it('removes the person from the start meeting, their step, the groups projection, their cases\' fields and their observations; audited once', async () => {
    const w = await world();
    const counts = await w.erase.execute('lilla-edet', ANNA);
    expect(counts).toEqual({ cases: 1, meetings: 1, meetingSteps: 1, observations: 1, groups: 1 });

    const meeting = w.meetings.byId.get(w.meetingId)!;
    expect(meeting.invitations.map((i) => i.personId)).toEqual([BO]);
    expect(Object.keys(meeting.rsvps)).toEqual([BO]);
    expect(meeting.attendance).toMatchObject({ personIds: [], erased: 1 });
    expect(JSON.stringify(meeting)).not.toContain(ANNA);

    expect(w.steps.byId.get('i:start-meeting:1')!.personId).toBeNull();
    expect(JSON.stringify(w.groups.byId.get(GROUP))).not.toContain(ANNA);
    expect(w.groups.byId.get(GROUP)!.contactPersons[BO]).toMatchObject({ active: true });
    expect(JSON.stringify([...w.cases.docs.values()])).not.toContain('Anna Andersson');

    const { observation } = w.observations.docs.get(w.observationId)!;
    expect(observation).toMatchObject({ reporterId: null, reporterErased: true });
    // The name blanked out (whole and in parts, as words of their own); what happened and where stays.
    expect(observation.description).toBe('Jag, [borttaget], såg två personer krossa en busskur vid Annanvägen. [borttaget]');

    expect(w.trail.entries).toEqual([
      expect.objectContaining({ action: PERSON_ERASED, subject: { kind: 'person', id: ANNA }, municipalityId: 'lilla-edet', actor: expect.objectContaining({ subject: 'system:police-liaison' }), details: counts }),
    ]);
  });

  it('is idempotent: a second erasure finds nothing left and records nothing; another municipality\'s erasure touches nothing', async () => {
    const w = await world();
    expect(await w.erase.execute('ale', ANNA)).toEqual({ cases: 0, meetings: 0, meetingSteps: 0, observations: 0, groups: 0 });
    expect(w.trail.entries).toHaveLength(0);
    await w.erase.execute('lilla-edet', ANNA);
    expect(await w.erase.execute('lilla-edet', ANNA)).toEqual({ cases: 0, meetings: 0, meetingSteps: 0, observations: 0, groups: 0 });
    expect(w.trail.entries).toHaveLength(1);
  });

  it('an erased reporter\'s observation can still be answered, but nobody is told (no event with a person)', async () => {
    const w = await world();
    await w.erase.execute('lilla-edet', ANNA);
    const officer = { policeAreaId: 'lpo-trollhattan', municipalityIds: ['lilla-edet'], correlationId: 'c', actor: { subject: 'idp#kim', name: 'Kim', role: 'police-officer', scope: 'lpo-trollhattan' } };
    const answered = await new HandleObservation(w.observations, w.trail).answer(officer, w.observationId, 'Tack, vi följer upp.');
    expect(answered).toMatchObject({ status: 'answered', reporterId: null });
    expect(w.observations.events).toEqual([]);
  });
});
