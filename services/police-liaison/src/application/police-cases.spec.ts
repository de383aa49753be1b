import pino from 'pino';
import { createEvent, PoliceDecisionRecordedV1, ProtectedIdentityChangedV1 } from '@trygg/contracts';
import { StepWorkerEventsController, workAsSeenBy } from '@trygg/step-worker';
import { CaseAlreadyDecided, caseIdFor, CaseNotApproved } from '../domain/police-case';
import { InMemoryCases } from '../../test/fakes';
import { CaseNotFound, DecideCase } from './decide-case';
import { OpenCase, type StepRequest } from './open-case';
import type { DecisionAudit } from './ports';
import { RevokeCase } from './revoke-case';
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

describe('revoking an approved case (a new decision, never an edit)', () => {
  const revocation = { reason: 'Har brutit mot överenskommelsen', decidedBy: 'officer-9' };
  const officerNine = { ...officer, subject: 'https://idp.polisen.example#officer-9' };
  const later = new Date('2026-12-01T09:00:00Z');

  async function approved() {
    const s = setup();
    const opened = (await s.open.execute(request))!;
    await s.decide.execute('lpo-trollhattan', opened.id, { outcome: 'approve', reason: 'Känd i området', decidedBy: 'officer-7' }, 'c-1', officer);
    return { ...s, caseId: opened.id, revoke: new RevokeCase(s.cases, { record: async (e) => void s.audited.push(e) }, () => later) };
  }

  it('records the revocation as the standing decision, keeps the approval in the history, publishes outcome revoked, audited', async () => {
    const s = await approved();
    const revoked = await s.revoke.execute('lpo-trollhattan', s.caseId, revocation, 'c-2', officerNine);
    const stored = s.cases.docs.get(s.caseId)!;
    expect(stored.work).toEqual(revoked);
    expect(stored.work.status).toBe('decided');
    expect(stored.work.decision).toEqual({ outcome: 'revoked', reason: revocation.reason, decidedBy: 'officer-9', decidedAt: later.toISOString() });
    expect(stored.work.decisionHistory).toEqual([{ outcome: 'approve', reason: 'Känd i området', decidedBy: 'officer-7', decidedAt: now.toISOString() }]);
    // Onboarding's step was completed by the approval: only police.decision-recorded.v1 is new.
    expect(stored.events.map((e) => e.type)).toEqual(['onboarding.step-completed.v1', 'police.decision-recorded.v1', 'police.decision-recorded.v1']);
    const event = stored.events[2]!;
    expect(PoliceDecisionRecordedV1.payload.parse(event.payload)).toEqual({
      caseId: s.caseId, policeAreaId: 'lpo-trollhattan', instanceId: request.instanceId, stepId: 'police-approval', attempt: 1, subject: request.subject,
      outcome: 'revoked', reason: revocation.reason, decidedBy: 'officer-9', decidedAt: later.toISOString(),
    });
    expect(event).toMatchObject({ municipalityId: 'lilla-edet', correlationId: 'c-2' });
    expect(s.audited.at(-1)).toEqual({
      actor: officerNine, action: 'police-decision', subject: { kind: 'police-case', id: s.caseId }, municipalityId: 'lilla-edet', policeAreaId: 'lpo-trollhattan', correlationId: 'c-2',
      details: { instanceId: request.instanceId, stepId: 'police-approval', attempt: 1, outcome: 'revoked', reason: revocation.reason, revokes: now.toISOString() },
    });
  });

  it('refuses a case of another police area (not found), a pending, rejected or needs-info case, and a second revocation (not approved)', async () => {
    const s = await approved();
    await expect(s.revoke.execute('lpo-other', s.caseId, revocation, 'c', officerNine)).rejects.toBeInstanceOf(CaseNotFound);
    await s.revoke.execute('lpo-trollhattan', s.caseId, revocation, 'c', officerNine);
    await expect(s.revoke.execute('lpo-trollhattan', s.caseId, revocation, 'c', officerNine)).rejects.toThrow(new CaseNotApproved(s.caseId, 'revoked'));
    for (const outcome of [null, 'reject', 'needs-info'] as const) {
      const other = (await s.open.execute({ ...request, attempt: outcome === null ? 5 : outcome === 'reject' ? 6 : 7 }))!;
      if (outcome) await s.decide.execute('lpo-trollhattan', other.id, { outcome, reason: 'x', decidedBy: 'officer-7' }, 'c', officer);
      await expect(s.revoke.execute('lpo-trollhattan', other.id, revocation, 'c', officerNine)).rejects.toBeInstanceOf(CaseNotApproved);
      expect(s.cases.docs.get(other.id)!.work.decisionHistory).toBeUndefined();
    }
    expect(s.audited.filter((e) => (e as { details: { outcome: string } }).details.outcome === 'revoked')).toHaveLength(1);
  });

  it('two officers revoking at once: both read the approval, exactly one revocation stands, the other is refused', async () => {
    const s = await approved();
    // Both finds are held until both have read (the same version), so the two writes really race.
    let reads = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const find = s.cases.find.bind(s.cases);
    s.cases.find = async (scope, id) => {
      const found = await find(scope, id);
      if (++reads === 2) release();
      if (reads <= 2) await bothRead;
      return found;
    };
    const results = await Promise.allSettled([
      s.revoke.execute('lpo-trollhattan', s.caseId, { reason: 'Först', decidedBy: 'officer-8' }, 'c-a', officer),
      s.revoke.execute('lpo-trollhattan', s.caseId, { reason: 'Sist', decidedBy: 'officer-9' }, 'c-b', officerNine),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(CaseNotApproved);
    expect(reads).toBe(3); // the loser read again after its write did not match
    const stored = s.cases.docs.get(s.caseId)!;
    expect(stored.events.filter((e) => e.type === 'police.decision-recorded.v1' && (e.payload as { outcome: string }).outcome === 'revoked')).toHaveLength(1);
    expect(stored.work.decisionHistory).toHaveLength(1);
    expect(s.audited.filter((e) => (e as { details: { outcome: string } }).details.outcome === 'revoked')).toHaveLength(1);
  });

  it('shows the revoked case to the person as its standing decision’s outcome and time, without the reason', async () => {
    const s = await approved();
    await s.revoke.execute('lpo-trollhattan', s.caseId, revocation, 'c', officerNine);
    const data = await new ShowPersonalData(s.cases).execute('lilla-edet', request.subject.personId);
    expect(data.cases[0]!.decision).toEqual({ outcome: 'revoked', decidedAt: later.toISOString() });
    expect(JSON.stringify(data)).not.toMatch(/brutit|officer-9/);
  });
});
