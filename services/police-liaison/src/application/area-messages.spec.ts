import { newGroup } from '../domain/group-projection';
import { PoliceAreaMessageRequestedV1 } from '@trygg/contracts';
import { loadMunicipalities } from '@trygg/municipalities';
import { InMemoryAuditTrail } from '@trygg/service-testing';
import { InMemoryAreaMessages, InMemoryGroups } from '../../test/fakes';
import { AreaMessageInvalid, type AreaMessageRequest } from '../domain/area-message';
import { MunicipalityPoliceAreas } from '../infrastructure/police-areas';
import { AREA_MESSAGE_AUDIT, type AreaMessageTargets, ListAreaMessages, MunicipalityNotInArea, RequestAreaMessage } from './area-messages';
import type { OfficerContext } from './observations';

const NOW = new Date('2026-05-10T12:00:00Z');
const GROUP = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a14';
const OTHER_AREA_GROUP = '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a15';
const officer = (area = 'lpo-trollhattan', municipalityIds = ['lilla-edet', 'trollhattan']): OfficerContext => ({
  actor: { subject: 'https://polisen#p1', name: 'Per Polis', role: 'police-officer', scope: area },
  policeAreaId: area,
  municipalityIds,
  correlationId: 'c-1',
});
const request = (over: Partial<AreaMessageRequest> = {}): AreaMessageRequest => ({
  municipalityId: 'lilla-edet',
  subject: 'Inbrott i Lödöse',
  body: 'Flera inbrott i veckan. Lås dörrarna och hör av er om ni ser något.',
  urgent: false,
  channels: ['email'],
  areaIds: ['lodose'],
  ...over,
});

/** Lilla Edet's areas in Trollhättan's police area, and one (`hoga-kusten`) another police area took over. */
const targets: AreaMessageTargets = {
  areasOf: (m) =>
    m === 'lilla-edet'
      ? [
          { id: 'lodose', name: 'Lödöse', policeAreaId: 'lpo-trollhattan' },
          { id: 'centrum-ostra', name: 'Centrum öst', policeAreaId: 'lpo-trollhattan' },
          { id: 'hoga-kusten', name: 'Annan', policeAreaId: 'lpo-ale-kungalv' },
        ]
      : m === 'trollhattan' || m === 'ale'
        ? []
        : undefined,
  municipalityName: (m) => ({ 'lilla-edet': 'Lilla Edet', trollhattan: 'Trollhättan', ale: 'Ale' })[m],
};

async function setUp() {
  const store = new InMemoryAreaMessages();
  const groups = new InMemoryGroups();
  await groups.record({ groupId: GROUP, municipalityId: 'lilla-edet', areaId: 'lodose', policeAreaId: 'lpo-trollhattan' }, { nominationId: 'n1', personId: 'p1' });
  await groups.record({ groupId: OTHER_AREA_GROUP, municipalityId: 'lilla-edet', areaId: 'hoga-kusten', policeAreaId: 'lpo-ale-kungalv' }, { nominationId: 'n2', personId: 'p2' });
  const audit = new InMemoryAuditTrail();
  return { store, audit, use: new RequestAreaMessage(store, targets, groups, audit, () => NOW), list: new ListAreaMessages(store, targets) };
}

async function fieldsOf(run: Promise<unknown>): Promise<string[]> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AreaMessageInvalid) return error.fields.map((f) => f.field);
    throw error;
  }
  return [];
}

describe('RequestAreaMessage', () => {
  it('stores the request with police.area-message-requested.v1 (no recipient, the officer as sender) and audits it', async () => {
    const { store, audit, use } = await setUp();
    const message = await use.execute(officer(), request({ urgent: true, channels: ['email', 'sms'], groupIds: [GROUP] }));
    expect(message).toMatchObject({ municipalityId: 'lilla-edet', policeAreaId: 'lpo-trollhattan', category: 'urgent', areaIds: ['lodose'], groupIds: [GROUP], requestedBy: { officerId: 'https://polisen#p1', name: 'Per Polis' } });
    expect(store.events).toHaveLength(1);
    const event = store.events[0]!;
    expect(event).toMatchObject({ type: PoliceAreaMessageRequestedV1.type, municipalityId: 'lilla-edet', correlationId: 'c-1' });
    expect(PoliceAreaMessageRequestedV1.payload.parse(event.payload)).toEqual({
      messageId: message.id,
      policeAreaId: 'lpo-trollhattan',
      sender: { officerId: 'https://polisen#p1', name: 'Per Polis' },
      filter: { areaIds: ['lodose'], groupIds: [GROUP] },
      subject: 'Inbrott i Lödöse',
      body: request().body,
      category: 'urgent',
      channels: ['email', 'sms'],
      audience: 'members',
      delivery: 'direct',
      requestedAt: NOW.toISOString(),
    });
    expect(audit.entries).toEqual([
      expect.objectContaining({ action: AREA_MESSAGE_AUDIT.requested, actor: officer().actor, subject: { kind: 'area-message', id: message.id }, municipalityId: 'lilla-edet', policeAreaId: 'lpo-trollhattan' }),
    ]);
  });

  it('refuses an empty title or text, no channel and no target, naming each field; nothing stored or audited', async () => {
    const { store, audit, use } = await setUp();
    expect(await fieldsOf(use.execute(officer(), request({ subject: '  ', body: '\n ', channels: [], areaIds: [] })))).toEqual(['subject', 'body', 'channels', 'areaIds']);
    expect(await fieldsOf(use.execute(officer(), request({ subject: 'x'.repeat(151) })))).toEqual(['subject']);
    // A relay reaches the members through their contact persons: not to the contact persons only.
    expect(await fieldsOf(use.execute(officer(), request({ audience: 'contact-persons', delivery: 'relay' })))).toEqual(['delivery']);
    expect(store.byId.size).toBe(0);
    expect(audit.entries).toEqual([]);
  });

  it('refuses areas and groups outside the officer\'s police area by field, and a municipality outside it as not found', async () => {
    const { store, use } = await setUp();
    expect(await fieldsOf(use.execute(officer(), request({ areaIds: ['lodose', 'hoga-kusten'] })))).toEqual(['areaIds']);
    expect(await fieldsOf(use.execute(officer(), request({ areaIds: ['no-such-area'] })))).toEqual(['areaIds']);
    expect(await fieldsOf(use.execute(officer(), request({ areaIds: [], groupIds: [OTHER_AREA_GROUP] })))).toEqual(['groupIds']);
    expect(await fieldsOf(use.execute(officer(), request({ areaIds: [], groupIds: ['0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a99'] })))).toEqual(['groupIds']);
    await expect(use.execute(officer(), request({ municipalityId: 'ale', areaIds: [] }))).rejects.toBeInstanceOf(MunicipalityNotInArea);
    await expect(use.execute(officer('lpo-ale-kungalv', ['ale']), request())).rejects.toBeInstanceOf(MunicipalityNotInArea);
    await expect(use.execute(officer(), request({ municipalityId: 'nowhere' }))).rejects.toBeInstanceOf(MunicipalityNotInArea);
    expect(store.byId.size).toBe(0);
  });
});

describe('the audience and the relay', () => {
  it('carries the officer\'s choice on the event (contact persons only; a relay through the contact persons)', async () => {
    const { store, use } = await setUp();
    await use.execute(officer(), request({ audience: 'contact-persons' }));
    await use.execute(officer(), request({ delivery: 'relay' }));
    expect(store.events.map((e) => PoliceAreaMessageRequestedV1.payload.parse(e.payload)).map((p) => [p.audience, p.delivery])).toEqual([
      ['contact-persons', 'direct'],
      ['members', 'relay'],
    ]);
  });
});

describe('ListAreaMessages', () => {
  it('lists the police area\'s requests newest first, and another area sees none', async () => {
    const { use, list } = await setUp();
    let clock = 0;
    const ticking = new RequestAreaMessage((use as unknown as { store: InMemoryAreaMessages }).store, targets, new InMemoryGroups(), new InMemoryAuditTrail(), () => new Date(NOW.getTime() + ++clock * 1000));
    const first = await ticking.execute(officer(), request({ subject: 'Första' }));
    const second = await ticking.execute(officer(), request({ subject: 'Andra' }));
    expect((await list.execute(officer())).map((m) => m.id)).toEqual([second.id, first.id]);
    expect(await list.execute(officer('lpo-ale-kungalv', ['ale']))).toEqual([]);
  });

  it('offers each municipality of the officer\'s police area with its areas in that police area (from areas.yaml) and their groups', async () => {
    const groups = [
      { ...newGroup(GROUP, 'lilla-edet'), areaId: 'lodose', policeAreaId: 'lpo-trollhattan' },
      { ...newGroup(OTHER_AREA_GROUP, 'lilla-edet'), areaId: 'hoga-kusten', policeAreaId: 'lpo-trollhattan' },
    ];
    const list = new ListAreaMessages(new InMemoryAreaMessages(), new MunicipalityPoliceAreas(loadMunicipalities()), { ofPoliceArea: async () => groups });
    const found = await list.targetsOf(officer());
    expect(found.map((m) => m.id)).toEqual(['lilla-edet', 'trollhattan']);
    expect(found[0]!.areas).toEqual(expect.arrayContaining([{ id: 'lodose', name: 'Lödöse', groupIds: [GROUP] }, { id: 'centrum-ostra', name: 'Lilla Edet centrum öst', groupIds: [] }]));
    // Without the projection (a service wired without it): the areas, no groups.
    const bare = await new ListAreaMessages(new InMemoryAreaMessages(), new MunicipalityPoliceAreas(loadMunicipalities())).targetsOf(officer());
    expect(bare[0]!.areas.every((a) => a.groupIds.length === 0)).toBe(true);
  });
});
