import { hashToken } from '../domain/link-token';
import { ALE_COORDINATOR, buildWorld, ManualClock, throttleByClock } from '../../test/fakes';
import { Conflict, LinkRejected, NotFound, UnknownMunicipality } from './errors';
import { enrolmentInput } from '@trygg/http-contracts';

describe('registering for grannsamverkan', () => {
  it('stores the registration with its registration-submitted event, and nothing else happens', async () => {
    const world = buildWorld();
    const registration = await world.register({ name: 'Anna Andersson', email: 'Anna@Example.se' });
    expect(registration).toMatchObject({ status: 'submitted', email: 'anna@example.se', placement: { kind: 'unplaced' } });
    expect(world.log.types()).toEqual(['enrolment.registration-submitted.v1']);
    expect(world.log.events[0]!.payload).toEqual({ registrationId: registration.id, personId: registration.personId, name: 'Anna Andersson', email: 'anna@example.se', language: 'sv', protectedIdentity: false });
    expect(world.groups.byId.size).toBe(0);
  });

  it('refuses a mobile number of a country the municipality does not text (field error on mobile); nothing stored', async () => {
    const world = buildWorld();
    await expect(world.register({ mobile: '+44 7400 123456', smsOptIn: true })).rejects.toMatchObject({ field: 'mobile', code: 'mobile_country' });
    expect(world.registrations.byId.size).toBe(0);
    expect(await world.register({ mobile: '070-123 45 67', smsOptIn: true })).toMatchObject({ mobile: '+46701234567' });
  });

  it('keeps one registration for the same email and address, and sends the confirmation again', async () => {
    const world = buildWorld();
    const first = await world.register({ email: 'bo@example.se' });
    const again = await world.register({ email: ' BO@example.se ', name: 'Someone Else', address: { street: 'storgatan', number: '1', postcode: '44930' } });
    expect(again.id).toBe(first.id);
    expect(world.registrations.byId.size).toBe(1);
    expect(world.log.ofType('enrolment.registration-submitted.v1').map((e) => e.payload['registrationId'])).toEqual([first.id, first.id]);
    expect(world.log.ofType('enrolment.registration-submitted.v1')[1]!.payload['name']).toBe('Anna Andersson');
  });

  it('mails one confirmation per email address per interval: a repeat or another address meanwhile sends nothing, later it does', async () => {
    const clock = new ManualClock();
    const world = buildWorld({ mails: throttleByClock(clock, 300) });
    const first = await world.register({ email: 'dora@example.se' });
    await world.register({ email: 'Dora@example.se' });
    const elsewhere = await world.register({ email: 'dora@example.se', address: { street: 'Kyrkvägen', number: '4', postcode: '449 30' } });
    expect(elsewhere.id).not.toBe(first.id);
    expect(world.registrations.byId.size).toBe(2);
    expect(world.log.ofType('enrolment.registration-submitted.v1').map((e) => e.payload['registrationId'])).toEqual([first.id]);
    // Another address is not held back by Dora's.
    await world.register({ email: 'erik@example.se' });
    expect(world.log.ofType('enrolment.registration-submitted.v1')).toHaveLength(2);
    clock.now = new Date(clock.now.getTime() + 301_000);
    await world.register({ email: 'dora@example.se', address: { street: 'Kyrkvägen', number: '4', postcode: '449 30' } });
    expect(world.log.ofType('enrolment.registration-submitted.v1').map((e) => e.payload['registrationId']).slice(2)).toEqual([elsewhere.id]);
  });

  it('gives the interval\'s mail back when the registration could not be stored, so the form sent again mails it', async () => {
    const clock = new ManualClock();
    const world = buildWorld({ mails: throttleByClock(clock, 300) });
    jest.spyOn(world.registrations, 'insert').mockRejectedValueOnce(new Error('database away'));
    await expect(world.register({ email: 'frej@example.se' })).rejects.toThrow('database away');
    const stored = await world.register({ email: 'frej@example.se' });
    expect(world.log.ofType('enrolment.registration-submitted.v1').map((e) => e.payload['registrationId'])).toEqual([stored.id]);
  });

  it('sends nothing more for a repeat of an already confirmed registration', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ email: 'cecilia@example.se' });
    world.log.clear();
    await world.register({ email: 'cecilia@example.se' });
    expect(world.log.events).toEqual([]);
    expect(world.registrations.byId.get(registration.id)!.status).toBe('confirmed');
  });

  it('gives one person id to the same email at two addresses', async () => {
    const world = buildWorld();
    const home = await world.register({ email: 'dan@example.se' });
    const cottage = await world.register({ email: 'dan@example.se', address: { street: 'Kyrkvägen', number: '3', postcode: '449 31' } });
    expect(cottage.id).not.toBe(home.id);
    expect(cottage.personId).toBe(home.personId);
  });

  it('refuses an unknown municipality and stores nothing', async () => {
    const world = buildWorld();
    await expect(world.register({ municipalityId: 'atlantis' })).rejects.toBeInstanceOf(UnknownMunicipality);
    expect(world.registrations.byId.size).toBe(0);
  });

  it('normalises the mobile number to E.164 and keeps the SMS choice separate', () => {
    const base = { municipalityId: 'ale', name: 'A', email: 'a@example.se', address: { street: 'S', number: '1', postcode: '44930' }, intent: 'join' };
    expect(enrolmentInput.registrationInput.parse({ ...base, mobile: '070-123 45 67' })).toMatchObject({ mobile: '+46701234567', smsOptIn: false });
    expect(enrolmentInput.registrationInput.parse({ ...base, mobile: '', smsOptIn: false }).mobile).toBeNull();
    expect(enrolmentInput.registrationInput.safeParse({ ...base, smsOptIn: true }).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['mobile', 'required_for_sms']]);
    expect(enrolmentInput.registrationInput.safeParse({ ...base, mobile: '12' }).error?.issues.map((i) => i.message)).toEqual(['invalid_mobile']);
  });
});

describe('confirmation links', () => {
  it('are random, stored only as a hash, valid for 7 days, and point to the web front', async () => {
    const world = buildWorld();
    const registration = await world.register();
    const link = await world.issueLink.execute({ kind: 'confirmation', registrationId: registration.id });
    const token = world.secrets.at(-1)!;
    expect(link).toEqual({ url: `https://trygg.example/ale/grannsamverkan/bekrafta/${token}`, expiresAt: '2026-12-03T10:00:00.000Z' });
    expect(world.tokens.byHash.has(token)).toBe(false);
    expect(world.tokens.byHash.get(hashToken(token))).toMatchObject({ kind: 'confirmation', registrationId: registration.id, usedAt: null });
  });

  it('confirm and place the household in a new forming group of its area', async () => {
    const world = buildWorld();
    const registration = await world.register({ address: { street: 'Storgatan', number: '12', postcode: '449 30' } });
    world.log.clear();
    const token = await world.confirmationToken(registration.id);
    const result = await world.confirm.execute({ municipalityId: 'ale', token }, { correlationId: 'c' });
    expect(result).toMatchObject({
      status: 'confirmed',
      placement: { kind: 'placed', area: { id: 'storgatan', name: 'Storgatan' }, group: { name: 'Storgatan 1', status: 'forming', newlyCreated: true } },
    });
    expect(world.log.types().sort()).toEqual(['enrolment.member-joined.v1', 'enrolment.registration-confirmed.v1']);
    expect(world.log.ofType('enrolment.registration-confirmed.v1')[0]!.payload).toMatchObject({ placement: 'placed', smsOptIn: false, mobile: null });
    expect(world.log.ofType('enrolment.member-joined.v1')[0]!.payload).toMatchObject({ memberId: registration.memberId, personId: registration.personId, areaId: 'storgatan' });
  });

  it('are single use', async () => {
    const world = buildWorld();
    const { registration, token } = await world.registerAndConfirm();
    await expect(world.confirm.execute({ municipalityId: 'ale', token }, { correlationId: 'c' })).rejects.toEqual(new LinkRejected('token_used'));
    expect(world.groups.byId.size).toBe(1);
    expect(Object.keys([...world.groups.byId.values()][0]!.members)).toEqual([registration.memberId]);
  });

  it('expire after 7 days', async () => {
    const world = buildWorld();
    const registration = await world.register();
    const token = await world.confirmationToken(registration.id);
    world.clock.advanceDays(7);
    await expect(world.confirm.execute({ municipalityId: 'ale', token }, { correlationId: 'c' })).rejects.toEqual(new LinkRejected('token_expired'));
    expect(world.registrations.byId.get(registration.id)!.status).toBe('submitted');
  });

  it('do not work in another municipality, nor when made up', async () => {
    const world = buildWorld();
    const registration = await world.register();
    const token = await world.confirmationToken(registration.id);
    await expect(world.confirm.execute({ municipalityId: 'trollhattan', token }, { correlationId: 'c' })).rejects.toEqual(new LinkRejected('token_invalid'));
    await expect(world.confirm.execute({ municipalityId: 'ale', token: 'x'.repeat(43) }, { correlationId: 'c' })).rejects.toEqual(new LinkRejected('token_invalid'));
    await expect(world.confirm.execute({ municipalityId: 'ale', token: 'short' }, { correlationId: 'c' })).rejects.toEqual(new LinkRejected('token_invalid'));
  });

  it('answer a second, unused link of a confirmed registration with its placement and no new events', async () => {
    const world = buildWorld();
    const registration = await world.register();
    const first = await world.confirmationToken(registration.id);
    const second = await world.confirmationToken(registration.id);
    await world.confirm.execute({ municipalityId: 'ale', token: first }, { correlationId: 'c' });
    world.log.clear();
    const again = await world.confirm.execute({ municipalityId: 'ale', token: second }, { correlationId: 'c' });
    expect(again.placement).toMatchObject({ kind: 'placed', group: { newlyCreated: false } });
    expect(world.log.events).toEqual([]);
  });

  it('are refused for a confirmed registration (409) and an unknown one (404)', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm();
    await expect(world.issueLink.execute({ kind: 'confirmation', registrationId: registration.id })).rejects.toEqual(new Conflict('already_confirmed'));
    await expect(world.issueLink.execute({ kind: 'confirmation', registrationId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(NotFound);
    await expect(world.issueLink.execute({ kind: 'self-service', personId: '00000000-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(NotFound);
  });
});

describe('placing households in groups', () => {
  it('puts the next household in the same open group, and starts a new one when it is full', async () => {
    const world = buildWorld();
    const a = await world.registerAndConfirm({ address: { street: 'Storgatan', number: '1', postcode: '449 30' } });
    const b = await world.registerAndConfirm({ address: { street: 'Storgatan', number: '3', postcode: '449 30' } });
    const c = await world.registerAndConfirm({ address: { street: 'Storgatan', number: '5', postcode: '449 30' } });
    const groupOf = (r: typeof a) => (r.result.placement.kind === 'placed' ? r.result.placement.group : null);
    expect(groupOf(b)!.id).toBe(groupOf(a)!.id);
    expect(groupOf(c)).toMatchObject({ name: 'Storgatan 2', newlyCreated: true }); // maxHouseholdsPerGroup: 2
  });

  it('starts a new forming group for a resident who wants to start one', async () => {
    const world = buildWorld();
    const a = await world.registerAndConfirm({ address: { street: 'Kyrkvägen', number: '1', postcode: '449 30' } });
    const b = await world.registerAndConfirm({ intent: 'start-group', address: { street: 'Kyrkvägen', number: '2', postcode: '449 30' } });
    expect(a.result.placement).toMatchObject({ group: { name: 'Kyrkbyn 1' } });
    expect(b.result.placement).toMatchObject({ group: { name: 'Kyrkbyn 2', status: 'forming', newlyCreated: true } });
  });

  it('sends an address outside every area to triage, where the coordinator places it', async () => {
    const world = buildWorld();
    const { registration, result } = await world.registerAndConfirm({ address: { street: 'Fjärran', number: '1', postcode: '999 99' } });
    expect(result.placement).toEqual({ kind: 'triage' });
    expect(world.log.types()).not.toContain('enrolment.member-joined.v1');
    expect(world.log.ofType('enrolment.registration-confirmed.v1')[0]!.payload['placement']).toBe('triage');
    expect((await world.listTriage.execute('ale', ALE_COORDINATOR)).items.map((i) => i.registrationId)).toEqual([registration.id]);

    const placed = await world.placeFromTriage.execute('ale', registration.id, { areaId: 'kyrkbyn', groupId: null }, ALE_COORDINATOR, { correlationId: 'c' });
    expect(placed).toMatchObject({ kind: 'placed', area: { id: 'kyrkbyn' } });
    expect(world.log.types()).toContain('enrolment.member-joined.v1');
    expect(world.log.ofType('enrolment.registration-confirmed.v1')).toHaveLength(1);
    expect(world.audit.entries.at(-1)).toMatchObject({ actor: { subject: ALE_COORDINATOR.subject, name: 'Samordnare Ale', role: 'coordinator', scope: 'ale' }, action: 'triage-placed', subject: { id: registration.id } });
    expect((await world.listTriage.execute('ale', ALE_COORDINATOR)).items).toEqual([]);
    expect(world.audit.entries.at(-1)).toMatchObject({ actor: { subject: ALE_COORDINATOR.subject, role: 'coordinator' }, action: 'triage-viewed', subject: { kind: 'municipality', id: 'ale' }, details: { rows: 0 } });
  });

  it('finishes a placement a crash left half-done, without a second member', async () => {
    const world = buildWorld();
    const registration = await world.register();
    await world.registrations.update('ale', registration.id, (r) => ({ next: { ...r, status: 'confirmed', confirmedAt: world.clock.read(), placement: { kind: 'pending' } }, events: [] }));
    expect(await world.resume.runOnce()).toBe(1);
    expect(await world.resume.runOnce()).toBe(0);
    expect(world.registrations.byId.get(registration.id)!.placement).toMatchObject({ kind: 'placed', areaId: 'storgatan' });
    expect(world.log.ofType('enrolment.member-joined.v1')).toHaveLength(1);
  });
});

describe('contact persons and group activation', () => {
  async function nominated() {
    const world = buildWorld();
    const confirmed = await world.registerAndConfirm({ intent: 'contact-person', name: 'Kim Kontakt' });
    const nomination = world.log.ofType('enrolment.contact-person-nominated.v1')[0]!;
    return { world, confirmed, nomination };
  }
  const completed = (nominationId: string, personId: string, outcome: 'approved' | 'rejected', eventId = 'e1') => ({
    eventId,
    municipalityId: 'ale',
    correlationId: 'c',
    subject: { kind: 'contact-person' as const, id: nominationId, personId },
    outcome,
    reason: outcome === 'rejected' ? 'Polisen godkände inte' : null,
  });

  it('a protected person (skyddad identitet): every event that carries them says so, for the services that show them', async () => {
    const world = buildWorld();
    await world.registerAndConfirm({ intent: 'contact-person', name: 'Hemlig Hemligsson', protectedIdentity: true });
    const carrying = ['enrolment.registration-submitted.v1', 'enrolment.member-joined.v1', 'enrolment.contact-person-nominated.v1'];
    for (const type of carrying) expect({ type, payloads: world.log.ofType(type).map((e) => (e.payload as { protectedIdentity: boolean }).protectedIdentity) }).toEqual({ type, payloads: [true] });
  });

  it('nominates a resident who offers to be kontaktombud, with the police area of the area', async () => {
    const { world, confirmed, nomination } = await nominated();
    expect(nomination.payload).toMatchObject({ personId: confirmed.registration.personId, areaId: 'storgatan', policeAreaId: 'lpo-ale-kungalv', subjectFields: { name: 'Kim Kontakt', areaName: 'Storgatan' } });
    expect([...world.groups.byId.values()][0]!.status).toBe('awaiting-approval');
  });

  it('names the nomination the group waits for, with when it was made (the page says which, not just "yes")', async () => {
    const { world, confirmed, nomination } = await nominated();
    const page = await world.viewGroupPage.execute('ale', [...world.groups.byId.keys()][0]!, ALE_COORDINATOR);
    const group = [...world.groups.byId.values()][0]!;
    const nominationId = nomination.payload['nominationId'] as string;
    expect(page.waitingForPolice).toBe(true);
    expect(page.pendingNominations).toEqual([
      { nominationId, personId: confirmed.registration.personId, name: 'Kim Kontakt', nominatedAt: group.nominations[nominationId]!.nominatedAt.toISOString() },
    ]);
    await world.onboarding.execute(completed(nominationId, confirmed.registration.personId, 'approved'));
    const after = await world.viewGroupPage.execute('ale', group.id, ALE_COORDINATOR);
    expect({ waitingForPolice: after.waitingForPolice, pendingNominations: after.pendingNominations }).toEqual({ waitingForPolice: false, pendingNominations: [] });
  });

  it('activates the contact person and the group when onboarding approves, once', async () => {
    const { world, confirmed, nomination } = await nominated();
    world.log.clear();
    const id = nomination.payload['nominationId'] as string;
    expect(await world.onboarding.execute(completed(id, confirmed.registration.personId, 'approved'))).toBe('group-activated');
    expect(await world.onboarding.execute(completed(id, confirmed.registration.personId, 'approved', 'e2'))).toBe('already-recorded');
    expect(world.log.types()).toEqual(['enrolment.group-activated.v1']);
    const group = [...world.groups.byId.values()][0]!;
    expect(world.log.events[0]!.payload).toEqual({ groupId: group.id, areaId: 'storgatan', contactPersonId: confirmed.registration.personId, groupName: 'Storgatan 1' });
    expect(world.log.events[0]!.causationId).toBe('e1');
    expect(group).toMatchObject({ status: 'active', contactPersonId: confirmed.registration.personId });
  });

  it('records a rejection with its reason, and the group forms on', async () => {
    const { world, confirmed, nomination } = await nominated();
    world.log.clear();
    expect(await world.onboarding.execute(completed(nomination.payload['nominationId'] as string, confirmed.registration.personId, 'rejected'))).toBe('recorded');
    expect(world.log.events).toEqual([]);
    const page = await world.viewGroupPage.execute('ale', [...world.groups.byId.keys()][0]!, ALE_COORDINATOR);
    expect(page).toMatchObject({ status: 'forming', waitingForPolice: false, nominations: [{ status: 'rejected', reason: 'Polisen godkände inte', name: 'Kim Kontakt' }] });
    expect(world.audit.entries.at(-2)).toMatchObject({ actor: { subject: 'system:onboarding', role: 'system' }, action: 'contact-person-rejected' });
    expect(world.audit.entries.at(-1)).toMatchObject({ actor: { subject: ALE_COORDINATOR.subject, role: 'coordinator' }, action: 'group-viewed' });
  });

  it('ignores other subjects and reports a nomination it does not know', async () => {
    const { world } = await nominated();
    expect(await world.onboarding.execute({ ...completed('x', 'y', 'approved'), subject: { kind: 'volunteer', id: 'x', personId: 'y' } })).toBe('not-ours');
    expect(await world.onboarding.execute(completed('00000000-0000-4000-8000-000000000000', 'y', 'approved'))).toBe('unknown-nomination');
  });
});
