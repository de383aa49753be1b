import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { enrolment, notifications } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { type ContactPersonResult, ENROLMENT_API, type EnrolmentApi, type HouseholdList, type SelfServiceResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { type BroadcastReach, type BroadcastReachQuestion, NOTIFICATIONS_API, type NotificationsApi } from '../application/notifications-api';
import { loadWebConfig } from '../config';
import { TEST_SESSION_SECRET } from '../../test/signed-in';

const token = 'k'.repeat(43);
const groupId = 'group-1';
const broadcastId = randomUUID();
const coverage = { joined: 2, declined: 1, households: 40, text: { sv: '2 av 40 hushåll med', en: '2 of 40 households joined' } };

/** Kim's group: Kim and Lo are members (Lo reached), and the household at Storgatan 11 declined (address only). */
class ScriptedEnrolment {
  async selfService(): Promise<SelfServiceResult> {
    return {
      kind: 'ok',
      view: enrolment.selfServiceViewSchema.parse({
        personId: 'p-kim', municipalityId: 'ale', name: 'Kim', email: 'kim@example.se', mobile: null, smsOptIn: false, emailUpdates: true, language: 'sv', protectedIdentity: false,
        registrations: [],
        memberships: [{ groupId, groupName: 'Storgatan 1', areaId: 'storgatan', areaName: 'Storgatan', groupStatus: 'active', role: 'contact-person', joinedAt: '2026-01-01T00:00:00Z', signs: [] }],
        retention: { mode: 'anonymise-now', keepDays: 0, text: { sv: 'Raderas direkt', en: 'Erased at once' } },
      }),
    };
  }
  async households(): Promise<ContactPersonResult<HouseholdList>> {
    return {
      kind: 'ok',
      value: enrolment.householdListSchema.parse({
        group: { id: groupId, name: 'Storgatan 1', status: 'active', coverage },
        members: [
          { memberId: 'm-kim', personId: 'p-kim', name: 'Kim Kontakt', address: { street: 'Storgatan', number: '3', postcode: '449 30', city: null }, role: 'contact-person', joinedAt: '2026-01-01T00:00:00Z', emailNotWorking: false },
          { memberId: 'm-lo', personId: 'p-lo', name: 'Lo Medlem', address: { street: 'Storgatan', number: '5', postcode: '449 30', city: null }, role: 'member', joinedAt: '2026-01-02T00:00:00Z', emailNotWorking: false },
        ],
        hiddenMembers: 0,
        declinedHouseholds: [{ id: 'h-1', address: { street: 'Storgatan', number: '11', postcode: '449 30' } }],
      }),
    };
  }
}

class ScriptedNotifications {
  async broadcastReach(_id: string, question: BroadcastReachQuestion): Promise<BroadcastReach> {
    return notifications.broadcastReachSchema.parse({
      broadcast: { id: broadcastId, subject: 'Inbrott på Storgatan', body: 'Flera inbrott i veckan.', category: 'information', createdAt: '2026-12-01T10:00:00.000Z', delivery: 'relay' },
      people: question.personIds.map((personId) => ({ personId, reach: personId === 'p-lo' ? 'reached' : 'not-reached' })),
    });
  }
}

/** The rows of the first table: each cell's text, tags stripped. */
function rowsOf(html: string): string[][] {
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()));
}

describe('a relay reaches the households that declined (address only) on paper', () => {
  let app: INestApplication;
  const base = `/ale/mina-uppgifter/${token}/grupp/${groupId}/utskick/${broadcastId}`;

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API)
      .useValue(new ScriptedEnrolment() as unknown as EnrolmentApi)
      .overrideProvider(NOTIFICATIONS_API)
      .useValue(new ScriptedNotifications() as unknown as NotificationsApi)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('the relay page lists the declined household as not reached, after the members', async () => {
    const res = await request(app.getHttpServer()).get(base).expect(200);
    expect(rowsOf(res.text)).toEqual([
      ['Kim Kontakt', 'Storgatan 3, 449 30', 'Nej – ge det på papper'],
      ['Lo Medlem', 'Storgatan 5, 449 30', expect.not.stringContaining('Nej')],
      ['Hushållet (inte med i gruppen)', 'Storgatan 11, 449 30', 'Nej – ge det på papper'],
    ]);
  });

  it('the print list has it, and no email address', async () => {
    const res = await request(app.getHttpServer()).get(`${base}/utskrift?som=lista&lang=en`).expect(200);
    expect(rowsOf(res.text).map((r) => r.slice(0, 2))).toEqual([
      ['Kim Kontakt', 'Storgatan 3, 449 30'],
      ['The household (not in the group)', 'Storgatan 11, 449 30'],
    ]);
    expect(/<main[\s\S]*<\/main>/.exec(res.text)?.[0]).not.toContain('@'); // (the footer has the municipality's address)
    expect(res.text).not.toContain('kim@example.se');
  });
});
