import pino from 'pino';
import { createEvent, ProtectedIdentityChangedV1 } from '@trygg/contracts';
import { StepWorkerEventsController, workAsSeenBy } from '@trygg/step-worker';
import { CaseAlreadyDecided, caseIdFor } from '../domain/police-case';
import { InMemoryCases } from '../../test/fakes';
import { CaseNotFound, DecideCase } from './decide-case';
import { OpenCase, type StepRequest } from './open-case';
import type { DecisionAudit } from './ports';
import { ShowPersonalData } from './show-personal-data';

const request: StepRequest = {
  municipalityId: 'lilla-edet',
  instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
  stepId: 'police-approval',
  stepType: 'police-approval',
  attempt: 1,
  subject: { kind: 'contact-person', id: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22', personId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e23' },
  subjectFields: { name: 'Anna Andersson' },
  policeAreaId: null,
  dueAt: null,
};
const now = new Date('2026-11-26T10:00:00Z');
const officer = { subject: 'https://idp.polisen.example#officer-7', name: 'Polis Sju', role: 'police-officer', scope: 'lpo-trollhattan' };

function setup() {
  const cases = new InMemoryCases();
  const audited: unknown[] = [];
  const audit: DecisionAudit = { record: async (e) => void audited.push(e) };
  return {
    cases,
    audited,
    open: new OpenCase(cases, { defaultAreaOf: (m) => (m === 'lilla-edet' ? 'lpo-trollhattan' : undefined) }, pino({ level: 'silent' }), () => now),
    decide: new DecideCase(cases, audit, () => now),
  };
}

describe('police-approval cases', () => {
  it('opens one case per step request in the police area, ignoring other step types', async () => {
    const s = setup();
    const opened = await s.open.execute(request);
    expect(opened).toMatchObject({ id: caseIdFor(request.instanceId, 'police-approval', 1), policeAreaId: 'lpo-trollhattan', status: 'pending' });
    expect(await s.open.execute(request)).toBeUndefined();
    expect(await s.open.execute({ ...request, stepType: 'bra-review', stepId: 'bra' })).toBeUndefined();
    expect(await s.cases.pending('lpo-trollhattan')).toHaveLength(1);
    expect(await s.cases.pending('lpo-other')).toHaveLength(0);
  });

  it('opens a new case when the step is asked again (attempt 2)', async () => {
    const s = setup();
    await s.open.execute(request);
    await s.open.execute({ ...request, attempt: 2 });
    expect(s.cases.docs.size).toBe(2);
  });

  it('answers onboarding and records the decision, audited', async () => {
    const s = setup();
    const opened = (await s.open.execute({ ...request, policeAreaId: 'lpo-trollhattan' }))!;
    await s.decide.execute('lpo-trollhattan', opened.id, { outcome: 'needs-info', reason: 'Ring mig', decidedBy: 'officer-7' }, 'c-1', officer);
    const { events } = s.cases.docs.get(opened.id)!;
    expect(events.map((e) => e.type)).toEqual(['onboarding.step-completed.v1', 'police.decision-recorded.v1']);
    expect(events[0]!.payload).toEqual({
      instanceId: request.instanceId, stepId: 'police-approval', stepType: 'police-approval', attempt: 1, outcome: 'needs-info', reason: 'Ring mig', actor: { kind: 'police', id: 'officer-7' },
    });
    expect(events[0]!.municipalityId).toBe('lilla-edet');
    expect(s.audited).toEqual([
      {
        actor: officer, action: 'police-decision', subject: { kind: 'police-case', id: opened.id }, municipalityId: 'lilla-edet', policeAreaId: 'lpo-trollhattan', correlationId: 'c-1',
        details: { instanceId: request.instanceId, stepId: 'police-approval', attempt: 1, outcome: 'needs-info', reason: 'Ring mig' },
      },
    ]);
  });

  it('refuses a second decision and a decision from another police area', async () => {
    const s = setup();
    const opened = (await s.open.execute(request))!;
    await expect(s.decide.execute('lpo-other', opened.id, { outcome: 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer)).rejects.toBeInstanceOf(CaseNotFound);
    await s.decide.execute('lpo-trollhattan', opened.id, { outcome: 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer);
    await expect(s.decide.execute('lpo-trollhattan', opened.id, { outcome: 'reject', reason: 'no', decidedBy: 'x' }, 'c', officer)).rejects.toBeInstanceOf(CaseAlreadyDecided);
    expect(s.audited).toHaveLength(1);
  });

  it('follows a later change of the person’s protected-identity flag (enrolment.protected-identity-changed.v1)', async () => {
    const s = setup();
    const opened = (await s.open.execute(request))!;
    const events = new StepWorkerEventsController(s.open, s.cases);
    const changed = (protectedIdentity: boolean) => createEvent(ProtectedIdentityChangedV1, { municipalityId: 'lilla-edet', correlationId: 'c' }, { personId: request.subject.personId, protectedIdentity });
    await events.protectedIdentityChanged(changed(true));
    const seen = () => workAsSeenBy(s.cases.docs.get(opened.id)!.work, { permissions: [] });
    expect(seen()).toMatchObject({ protectedIdentity: true });
    expect(JSON.stringify(seen())).not.toContain('Anna Andersson');
    await events.protectedIdentityChanged(changed(true)); // redelivered: no change
    await events.protectedIdentityChanged(changed(false));
    expect(seen()).toMatchObject({ protectedIdentity: false, subjectFields: { name: 'Anna Andersson' } });
  });

  it('forgets the subject fields of an erased person, keeping the case and its decision', async () => {
    const s = setup();
    const opened = (await s.open.execute(request))!;
    expect(await s.cases.forgetPerson('lilla-edet', request.subject.personId)).toBe(1);
    expect(s.cases.docs.get(opened.id)!.work).toMatchObject({ subjectFields: {}, status: 'pending' });
    expect(await s.cases.forgetPerson('ale', request.subject.personId)).toBe(0);
  });

  it('shows the person their cases and the decisions’ outcome and time, never the officer’s reason or identity (“Mina uppgifter”)', async () => {
    const s = setup();
    const opened = (await s.open.execute(request))!;
    await s.open.execute({ ...request, instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a12', subject: { ...request.subject, personId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e99' }, subjectFields: { name: 'Bo Annan' } });
    await s.decide.execute('lpo-trollhattan', opened.id, { outcome: 'reject', reason: 'Intern anteckning om Anna', decidedBy: 'officer-7' }, 'c', officer);
    const data = await new ShowPersonalData(s.cases).execute('lilla-edet', request.subject.personId);
    expect(data).toEqual({
      cases: [{ id: opened.id, stepType: 'police-approval', attempt: 1, status: 'decided', openedAt: now.toISOString(), subjectFields: { name: 'Anna Andersson' }, decision: { outcome: 'reject', decidedAt: now.toISOString() } }],
    });
    expect(JSON.stringify(data)).not.toMatch(/Intern anteckning|officer-7|Bo Annan/);
    expect(await new ShowPersonalData(s.cases).execute('ale', request.subject.personId)).toEqual({ cases: [] });
  });
});
