import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@trygg/audit';
import { createEvent, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { volunteers } from '@trygg/http-contracts';
import { confirmedWalker, InMemoryVolunteers, knownMunicipalities } from '../../test/fakes';
import { ApplyOnboardingOutcome } from './apply-onboarding-outcome';
import { OnboardingEventsController } from '../messaging/onboarding-events.controller';
import { ListVolunteers, RecordOnboardingStep, VOLUNTEER_LIST_LIMIT } from './list-volunteers';
import { SignUp } from './sign-up';

const now = new Date('2026-11-26T10:00:00Z');
const coordinator = (m: string) => ({ subject: `https://idp.example/${m}#samordnare`, name: `Samordnare ${m}`, role: 'coordinator', scope: m });
const form = (extra: Record<string, unknown> = {}) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: 'Vera Vandrare', email: 'vera@example.se', birthYear: 1980, ...extra });
const wire = () => {
  const store = new InMemoryVolunteers();
  const audited: AuditEntry[] = [];
  const audit = { record: async (entry: AuditEntry) => void audited.push(entry) };
  const rules = { defaultOrganisation: (m: string) => (m === 'ale' ? 'ale-trygghetsvandrare' : undefined) };
  const events = new OnboardingEventsController(new ApplyOnboardingOutcome(store, () => now), new RecordOnboardingStep(store));
  return { store, audited, list: new ListVolunteers(store, rules, audit), events };
};
const stepRequested = (volunteerId: string, stepId: string, stepType: string, at: string, kind: 'volunteer' | 'member' = 'volunteer', attempt = 1) =>
  createEvent(
    OnboardingStepRequestedV1,
    { municipalityId: 'ale', correlationId: 'c-1' },
    { instanceId: randomUUID(), stepId, stepType, attempt, subject: { kind, id: volunteerId, personId: randomUUID() }, subjectFields: {}, parameters: {}, policeAreaId: null, dueAt: null },
    new Date(at),
  );

describe("the coordinator's list of walkers", () => {
  it('lists confirmed walkers of the own municipality only, with organisation (default when none chosen), languages, availability — no contact details — and audits the view', async () => {
    const { store, audited, list } = wire();
    const vera = await confirmedWalker(store, form({ mobile: '0701234567', smsOptIn: true, spokenLanguages: ['sv', 'ar'], otherLanguages: 'tyska', availability: ['friday'] }), now);
    const nils = await confirmedWalker(store, form({ name: 'Nils Natt', email: 'nils@example.se', organisationId: 'nattvandrarna-ale' }), new Date('2026-11-27T10:00:00Z'));
    // Unconfirmed: not signed up yet, not listed. Another municipality's walker: never listed.
    await new SignUp(store, knownMunicipalities, () => now).execute(form({ name: 'Olle Obekräftad', email: 'olle@example.se' }), 'c-1');
    await confirmedWalker(store, form({ municipalityId: 'lilla-edet', name: 'Lisa Lilla', email: 'lisa@example.se' }), now);

    const result = await list.execute(coordinator('ale'), 'c-9');
    expect(result.truncated).toBe(false);
    expect(result.volunteers).toEqual([
      {
        volunteerId: vera.id,
        name: 'Vera Vandrare',
        organisationId: 'ale-trygghetsvandrare',
        status: 'onboarding',
        spokenLanguages: ['sv', 'ar'],
        otherLanguages: 'tyska',
        availability: ['friday'],
        signedUpAt: now.toISOString(),
        decidedAt: null,
        onboardingStep: null,
      },
      expect.objectContaining({ volunteerId: nils.id, name: 'Nils Natt', organisationId: 'nattvandrarna-ale' }),
    ]);
    expect(volunteers.listVolunteers.responses[200].schema.parse(result)).toEqual(result);
    expect(JSON.stringify(result)).not.toMatch(/vera@example|\+4670|1980/);
    expect(audited).toEqual([
      { municipalityId: 'ale', actor: coordinator('ale'), action: 'volunteers-viewed', subject: { kind: 'municipality', id: 'ale' }, correlationId: 'c-9', details: { rows: 2 } },
    ]);
  });

  it('shows the step a walker waits at, as onboarding last requested it; an older request (redelivery) and other subjects change nothing; none once decided', async () => {
    const { store, list, events } = wire();
    const vera = await confirmedWalker(store, form(), now);
    await events.stepRequested(stepRequested(vera.id, 'age', 'age-check', '2026-11-26T10:00:01Z'));
    await events.stepRequested(stepRequested(vera.id, 'information-meeting', 'meeting-attendance', '2026-11-26T10:00:02Z'));
    await events.stepRequested(stepRequested(vera.id, 'age', 'age-check', '2026-11-26T10:00:01Z'));
    await events.stepRequested(stepRequested(vera.id, 'record-extract', 'document-check', '2026-11-26T10:00:03Z', 'member'));
    // A walker nobody knows (erased and purged meanwhile): nothing recorded, nothing thrown.
    await expect(events.stepRequested(stepRequested(randomUUID(), 'age', 'age-check', '2026-11-26T10:00:04Z'))).resolves.toBeUndefined();
    const [shown] = (await list.execute(coordinator('ale'), 'c-1')).volunteers;
    expect(shown!.onboardingStep).toEqual({ stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, since: '2026-11-26T10:00:02.000Z' });

    const completed = { ...store.byId.get(vera.id)!, status: 'active' as const, decidedAt: now.toISOString() };
    store.byId.set(vera.id, completed);
    expect((await list.execute(coordinator('ale'), 'c-1')).volunteers[0]!.onboardingStep).toBeNull();
    // Not onboarding any more: a late request is not recorded.
    await events.stepRequested(stepRequested(vera.id, 'walker-agreement', 'agreement', '2026-11-26T10:00:05Z'));
    expect(store.byId.get(vera.id)!.onboardingStep).toEqual({ stepId: 'information-meeting', stepType: 'meeting-attendance', attempt: 1, requestedAt: '2026-11-26T10:00:02.000Z' });
  });

  it(`says when there are more than ${VOLUNTEER_LIST_LIMIT} walkers`, async () => {
    const { store } = wire();
    const one = await confirmedWalker(store, form(), now);
    const many = Array.from({ length: VOLUNTEER_LIST_LIMIT + 1 }, (_, i) => ({ ...one, id: `v-${i}` }));
    const truncating = new ListVolunteers({ listSignedUp: async (_m, limit) => many.slice(0, limit) }, { defaultOrganisation: () => undefined }, { record: async () => undefined });
    const result = await truncating.execute(coordinator('ale'), 'c-1');
    expect([result.volunteers.length, result.truncated]).toEqual([VOLUNTEER_LIST_LIMIT, true]);
  });
});
