import { buildWorld } from '../../test/fakes';

// Issue 13: a self-service link must not move the person's mail to any address. A new email address waits until the
// link sent to it is opened (CorrectOwnDetails → enrolment.email-change-requested.v1 → IssueLink email-change →
// ConfirmEmailChange); the old address is told by notifications (the event's rule).

async function requested(newEmail = 'ny@example.se') {
  const world = buildWorld();
  const { registration } = await world.registerAndConfirm({ email: 'gammal@example.se' });
  const selfService = await world.selfServiceToken(registration.personId);
  world.log.clear();
  const view = await world.correctOwnDetails.execute(selfService, { email: newEmail, name: 'Anna Ny' }, { correlationId: 'c-change' });
  const [event] = world.log.ofType<{ changeId: string; personId: string; newEmail: string; name: string; language: string }>('enrolment.email-change-requested.v1');
  return { world, registration, selfService, view, event: event! };
}

describe('changing the email address from the self-service link', () => {
  it('keeps the old address, records the new one as pending and asks notifications to mail a link to it', async () => {
    const { world, registration, view, event } = await requested();
    expect(view).toMatchObject({ email: 'gammal@example.se', name: 'Anna Ny', pendingEmail: 'ny@example.se' });
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ email: 'gammal@example.se', emailChange: { email: 'ny@example.se' } });
    expect(event.payload).toEqual({ changeId: expect.any(String), personId: registration.personId, name: 'Anna Ny', newEmail: 'ny@example.se', language: 'sv', protectedIdentity: false });
    // The other corrections take effect at once; the details event still carries the old address.
    expect(world.log.ofType<{ email: string; name: string }>('enrolment.resident-details-changed.v1').map((e) => [e.payload.email, e.payload.name])).toEqual([['gammal@example.se', 'Anna Ny']]);
    expect(world.audit.entries.at(-1)).toMatchObject({ action: 'details-corrected', details: { emailChange: 'requested' } });
  });

  it('the same address is no change: nothing pending, no request', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ email: 'samma@example.se' });
    const token = await world.selfServiceToken(registration.personId);
    const view = await world.correctOwnDetails.execute(token, { email: 'Samma@Example.se' }, { correlationId: 'c' });
    expect(view.pendingEmail).toBeNull();
    expect(world.log.ofType('enrolment.email-change-requested.v1')).toEqual([]);
  });

  it('makes the new address the person’s only when the link sent to it is opened, once', async () => {
    const { world, registration, event } = await requested();
    const link = await world.issueLink.execute({ kind: 'email-change', personId: registration.personId, changeId: event.payload.changeId });
    expect(link.url).toMatch(/^https:\/\/trygg\.example\/ale\/ny-e-post\/[A-Za-z0-9_-]{43}$/);
    const token = link.url.split('/').at(-1)!;
    world.log.clear();
    expect(await world.confirmEmailChange.execute({ municipalityId: 'ale', token }, { correlationId: 'c-confirm' })).toEqual({ status: 'changed', language: 'sv' });
    expect(world.registrations.byId.get(registration.id)).toMatchObject({ email: 'ny@example.se', emailChange: null });
    expect(world.log.ofType<{ email: string }>('enrolment.resident-details-changed.v1').map((e) => e.payload.email)).toEqual(['ny@example.se']);
    expect(world.audit.entries.at(-1)).toMatchObject({ action: 'email-change-confirmed', subject: { kind: 'person', id: registration.personId } });
    await expect(world.confirmEmailChange.execute({ municipalityId: 'ale', token }, { correlationId: 'c' })).rejects.toMatchObject({ code: 'token_used' });
  });

  it('keeps a protected person protected: the details event of the confirmed change carries the flag', async () => {
    const world = buildWorld();
    const { registration } = await world.registerAndConfirm({ email: 'skyddad@example.se', protectedIdentity: true });
    const selfService = await world.selfServiceToken(registration.personId);
    await world.correctOwnDetails.execute(selfService, { email: 'ny-skyddad@example.se' }, { correlationId: 'c-change' });
    const [event] = world.log.ofType<{ changeId: string }>('enrolment.email-change-requested.v1');
    const link = await world.issueLink.execute({ kind: 'email-change', personId: registration.personId, changeId: event!.payload.changeId });
    world.log.clear();
    await world.confirmEmailChange.execute({ municipalityId: 'ale', token: link.url.split('/').at(-1)! }, { correlationId: 'c-confirm' });
    expect(world.log.ofType<{ email: string; protectedIdentity: boolean }>('enrolment.resident-details-changed.v1').map((e) => [e.payload.email, e.payload.protectedIdentity])).toEqual([['ny-skyddad@example.se', true]]);
  });

  it('refuses a self-service link, another municipality’s path, an expired link and a change replaced by a newer one', async () => {
    const { world, registration, selfService, event } = await requested();
    await expect(world.confirmEmailChange.execute({ municipalityId: 'ale', token: selfService }, { correlationId: 'c' })).rejects.toMatchObject({ code: 'token_invalid' });
    const first = (await world.issueLink.execute({ kind: 'email-change', personId: registration.personId, changeId: event.payload.changeId })).url.split('/').at(-1)!;
    await expect(world.confirmEmailChange.execute({ municipalityId: 'lilla-edet', token: first }, { correlationId: 'c' })).rejects.toMatchObject({ code: 'token_invalid' });

    // A newer request replaces the first: its link confirms nothing, and no link is issued for it any more.
    await world.correctOwnDetails.execute(selfService, { email: 'nyare@example.se' }, { correlationId: 'c' });
    await expect(world.confirmEmailChange.execute({ municipalityId: 'ale', token: first }, { correlationId: 'c' })).rejects.toMatchObject({ code: 'token_invalid' });
    await expect(world.issueLink.execute({ kind: 'email-change', personId: registration.personId, changeId: event.payload.changeId })).rejects.toThrow();
    expect(world.registrations.byId.get(registration.id)!.email).toBe('gammal@example.se');

    // The newer one's link expires after 3 days.
    const [newer] = world.log.ofType<{ changeId: string }>('enrolment.email-change-requested.v1').slice(-1);
    const token = (await world.issueLink.execute({ kind: 'email-change', personId: registration.personId, changeId: newer!.payload.changeId })).url.split('/').at(-1)!;
    world.clock.advanceDays(4);
    await expect(world.confirmEmailChange.execute({ municipalityId: 'ale', token }, { correlationId: 'c' })).rejects.toMatchObject({ code: 'token_expired' });
    expect(world.registrations.byId.get(registration.id)!.email).toBe('gammal@example.se');
  });

  it('erasure forgets a pending address', async () => {
    const { world, registration, selfService } = await requested();
    await world.requestOwnErasure.execute(selfService, { correlationId: 'c' });
    expect(world.registrations.byId.get(registration.id)!.emailChange).toBeNull();
  });
});
