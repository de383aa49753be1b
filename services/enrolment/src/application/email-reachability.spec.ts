import { ContactReachabilityChangedV1, createEvent, type EventOf, parseEvent } from '@trygg/contracts';
import { emailNotWorkingSince, recordEmailReachability } from '../domain/registration';
import { NotificationsEventsController } from '../messaging/notifications-events.controller';
import { buildWorld } from '../../test/fakes';
import { enrolmentInput } from '@trygg/http-contracts';

const form = {
  municipalityId: 'ale',
  name: 'Anna Andersson',
  email: 'anna@example.se',
  address: { street: 'Storgatan', number: '12', postcode: '44930', city: 'Nödinge' },
  intent: 'join',
};

async function registeredPerson() {
  const world = buildWorld();
  await world.submit.execute(enrolmentInput.registrationInput.parse(form), 'c-1');
  const registration = [...world.registrations.byId.values()][0]!;
  return { world, registration, personId: registration.personId };
}

/** The event as it arrives from Kafka: serialised and parsed against the registry. */
function reachabilityEvent(personId: string, reachable: boolean, changedAt: string) {
  const event = createEvent(
    ContactReachabilityChangedV1,
    { municipalityId: 'ale', correlationId: 'c-n' },
    { personId, channel: 'email', reachable, reason: reachable ? 'address-changed' : 'hard-bounce', changedAt },
  );
  return parseEvent(JSON.parse(JSON.stringify(event)), ContactReachabilityChangedV1.type) as EventOf<typeof ContactReachabilityChangedV1>;
}

describe('notifications.contact-reachability-changed.v1 in enrolment (stale contacts)', () => {
  it('records since when the person’s email address does not work', async () => {
    const { world, registration, personId } = await registeredPerson();
    const controller = new NotificationsEventsController(world.emailReachability);
    await controller.contactReachabilityChanged(reachabilityEvent(personId, false, '2026-11-20T10:00:00.000Z'));
    expect(emailNotWorkingSince(world.registrations.byId.get(registration.id)!)).toEqual(new Date('2026-11-20T10:00:00.000Z'));
  });

  it('the same event twice changes nothing the second time (idempotent)', async () => {
    const { world, personId } = await registeredPerson();
    const fact = { municipalityId: 'ale', personId, working: false, changedAt: new Date('2026-11-20T10:00:00Z') };
    expect(await world.emailReachability.execute(fact)).toBe('recorded');
    expect(await world.emailReachability.execute(fact)).toBe('unchanged');
  });

  it('the newest fact wins: a late bounce does not undo a later "works again", nor the other way round', async () => {
    const { world, registration, personId } = await registeredPerson();
    const at = (iso: string, working: boolean) => ({ municipalityId: 'ale', personId, working, changedAt: new Date(iso) });
    expect(await world.emailReachability.execute(at('2026-11-21T10:00:00Z', true))).toBe('recorded');
    expect(await world.emailReachability.execute(at('2026-11-20T10:00:00Z', false))).toBe('unchanged');
    expect(emailNotWorkingSince(world.registrations.byId.get(registration.id)!)).toBeNull();
    expect(await world.emailReachability.execute(at('2026-11-22T10:00:00Z', false))).toBe('recorded');
    expect(await world.emailReachability.execute(at('2026-11-21T12:00:00Z', true))).toBe('unchanged');
    expect(emailNotWorkingSince(world.registrations.byId.get(registration.id)!)).toEqual(new Date('2026-11-22T10:00:00Z'));
  });

  it('an unknown (or erased) person is ignored quietly: no error, so no dead letter', async () => {
    const world = buildWorld();
    const controller = new NotificationsEventsController(world.emailReachability);
    await expect(controller.contactReachabilityChanged(reachabilityEvent('00000000-0000-4000-8000-000000000000', false, '2026-11-20T10:00:00.000Z'))).resolves.toBeUndefined();
    expect(await world.emailReachability.execute({ municipalityId: 'ale', personId: '00000000-0000-4000-8000-000000000000', working: false, changedAt: new Date() })).toBe('unknown-person');
  });

  it('keeps the first bounce as "since" while later bounces arrive, and forgets it when the address works again', () => {
    const base = { status: 'confirmed' } as Parameters<typeof recordEmailReachability>[0];
    const first = recordEmailReachability(base, { working: false, changedAt: new Date('2026-11-20T10:00:00Z') })!;
    const again = recordEmailReachability(first, { working: false, changedAt: new Date('2026-11-21T10:00:00Z') })!;
    expect(emailNotWorkingSince(again)).toEqual(new Date('2026-11-20T10:00:00Z'));
    const works = recordEmailReachability(again, { working: true, changedAt: new Date('2026-11-22T10:00:00Z') })!;
    expect(emailNotWorkingSince(works)).toBeNull();
    expect(recordEmailReachability({ ...base, status: 'erased' }, { working: false, changedAt: new Date() })).toBeNull();
  });
});
