import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { enrolment } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { type ContactPersonResult, ENROLMENT_API, type EnrolmentApi, type GroupDetail, type HouseholdList, type SelfServiceResult, type StaffResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { loadWebConfig } from '../config';
import { coordinatorCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const token = 'k'.repeat(43);
const groupId = 'group-1';
const address = { street: 'Storgatan', number: '3', postcode: '449 30', city: null };
const coverage = { joined: 2, declined: 0, households: 40, text: { sv: '2 av 40 hushåll med', en: '2 of 40 households joined' } };

/**
 * The enrolment port with one contact person's group, where Lo's email bounced (stale contacts), and a member without
 * a registration (no address). Every answer is parsed with enrolment's contract, so a fake that drifts fails.
 */
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
          { memberId: 'm-kim', name: 'Kim Kontakt', address, role: 'contact-person', joinedAt: '2026-01-01T00:00:00Z', emailNotWorking: false },
          { memberId: 'm-lo', name: 'Lo Medlem', address, role: 'member', joinedAt: '2026-01-02T00:00:00Z', emailNotWorking: true },
        ],
        hiddenMembers: 0,
        declinedHouseholds: [],
      }),
    };
  }
  async group(): Promise<StaffResult<GroupDetail>> {
    return {
      kind: 'ok',
      value: enrolment.groupPageSchema.parse({
        id: groupId, name: 'Storgatan 1', areaId: 'storgatan', areaName: 'Storgatan', status: 'active', memberCount: 3, contactPerson: null, deputies: [], waitingForPolice: false, startMeetingDate: null, signsUp: false,
        householdCount: 40, coverage, followUp: null, activityCheck: null,
        members: [
          { memberId: 'm-kim', personId: 'p-kim', name: 'Kim Kontakt', email: 'kim@example.se', mobile: null, protectedIdentity: false, address, role: 'contact-person', joinedAt: '2026-01-01T00:00:00Z', emailNotWorkingSince: null },
          { memberId: 'm-lo', personId: 'p-lo', name: 'Lo Medlem', email: 'lo@example.se', mobile: null, protectedIdentity: false, address, role: 'member', joinedAt: '2026-01-02T00:00:00Z', emailNotWorkingSince: '2026-11-20T10:00:00.000Z' },
          // Imported without a registration: enrolment has no address for Sam.
          { memberId: 'm-sam', personId: 'p-sam', name: 'Sam Utanadress', email: null, mobile: null, protectedIdentity: false, address: null, role: 'member', joinedAt: '2026-01-03T00:00:00Z', emailNotWorkingSince: null },
        ],
        hiddenMembers: 0,
        households: [],
        nominations: [],
        signs: [],
        history: [],
      }),
    };
  }
}

/** The text of each element with the given class, tags stripped. */
function textsOf(html: string, className: string): string[] {
  return [...html.matchAll(new RegExp(`<(\\w+) class="[^"]*\\b${className}\\b[^"]*"[^>]*>([\\s\\S]*?)</\\1>`, 'g'))].map((m) => m[2]!.replace(/<[^>]+>/g, '').trim());
}

describe('stale contacts on the contact person’s and the coordinator’s pages', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3699', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({
      imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))],
    })
      .overrideProvider(ENROLMENT_API)
      .useValue(new ScriptedEnrolment() as unknown as EnrolmentApi)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('tags the household whose email does not work, once, and tells the contact person what to do (Swedish)', async () => {
    const res = await request(app.getHttpServer()).get(`/ale/mina-uppgifter/${token}/grupp/${groupId}/hushall`).expect(200);
    expect(textsOf(res.text, 'govuk-tag')).toEqual(['E-postadressen fungerar inte']);
    expect(res.text).toMatch(/Lo Medlem, Storgatan 3 \(Medlem\) <strong class="govuk-tag govuk-tag--red">E-postadressen fungerar inte<\/strong>/);
    expect(textsOf(res.text, 'govuk-inset-text')[0]).toContain('be dem uppdatera sin e-postadress via länken i sms:et från oss eller under ”Mina uppgifter”, eller ring dem');
    expect(res.text).not.toContain('lo@example.se');
  });

  it('says the same in English', async () => {
    const res = await request(app.getHttpServer()).get(`/ale/mina-uppgifter/${token}/grupp/${groupId}/hushall?lang=en`).expect(200);
    expect(textsOf(res.text, 'govuk-tag')).toEqual(['Email address does not work']);
    expect(textsOf(res.text, 'govuk-inset-text')[0]).toContain('or call them');
  });

  it('tags the member on the coordinator’s group page, with a sentence on what to do', async () => {
    const res = await request(app.getHttpServer()).get(`/ale/samordnare/grupper/${groupId}`).set('cookie', coordinatorCookie('ale', 'token')).expect(200);
    expect(textsOf(res.text, 'govuk-tag').filter((t) => t === 'E-postadressen fungerar inte')).toHaveLength(1);
    expect(res.text).toMatch(/Lo Medlem<br><span class="govuk-body-s">lo@example.se<\/span><br><strong class="govuk-tag govuk-tag--red">E-postadressen fungerar inte<\/strong>/);
    expect(textsOf(res.text, 'govuk-inset-text')[0]).toContain('Mejl till medlemmar märkta ”E-postadressen fungerar inte” kommer inte fram');
  });

  it('shows a member without a registration on the group page without an address', async () => {
    const res = await request(app.getHttpServer()).get(`/ale/samordnare/grupper/${groupId}`).set('cookie', coordinatorCookie('ale', 'token')).expect(200);
    const row = /<th scope="row" class="govuk-table__header">Sam Utanadress<\/th>\s*<td class="govuk-table__cell"[^>]*>([^<]*)<\/td>/.exec(res.text);
    expect(row?.[1]?.trim()).toBe('');
  });
});
