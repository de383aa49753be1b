import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { enrolment } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { WebModule } from '../app.module';
import { ENROLMENT_API, type EnrolmentApi, type GroupDetail, type StaffResult } from '../application/enrolment-api';
import { FEEDBACK_SINK } from '../application/feedback';
import { ONBOARDING_API, type OnboardingApi } from '../application/onboarding-api';
import { loadWebConfig } from '../config';
import { coordinatorCookie, TEST_SESSION_SECRET } from '../../test/signed-in';

const address = { street: 'Storgatan', number: '3', postcode: '449 30', city: null };
const coverage = { joined: 2, declined: 0, households: 40, text: { sv: '2 av 40 hushåll med', en: '2 of 40 households joined' } };
const at = (day: string) => `${day}T10:00:00.000Z`;

/**
 * An active group as a new coordinator met it: its history in enrolment's machine names, a second nomination (a
 * deputy) waiting, and the start meeting recorded in onboarding but not on the group. Every answer is parsed with
 * enrolment's contract.
 */
function activeGroup(over: Partial<GroupDetail> = {}): GroupDetail {
  return enrolment.groupPageSchema.parse({
    id: 'group-1', name: 'Storgatan 1', areaId: 'storgatan', areaName: 'Storgatan', status: 'active', memberCount: 2,
    contactPerson: { personId: 'p-kim', name: 'Kim Kontakt' }, deputies: [],
    waitingForPolice: true,
    pendingNominations: [{ nominationId: 'n-lo', personId: 'p-lo', name: 'Lo Ledare', nominatedAt: at('2026-11-20') }],
    startMeetingDate: null, signsUp: false, householdCount: 40, coverage, followUp: null, activityCheck: null,
    members: [
      { memberId: 'm-kim', personId: 'p-kim', name: 'Kim Kontakt', email: 'kim@example.se', mobile: null, protectedIdentity: false, address, role: 'contact-person', joinedAt: at('2026-10-01'), emailNotWorkingSince: null },
      { memberId: 'm-lo', personId: 'p-lo', name: 'Lo Ledare', email: 'lo@example.se', mobile: null, protectedIdentity: false, address, role: 'member', joinedAt: at('2026-10-02'), emailNotWorkingSince: null },
    ],
    hiddenMembers: 0,
    households: [],
    nominations: [
      { nominationId: 'n-kim', personId: 'p-kim', name: 'Kim Kontakt', status: 'approved', reason: null },
      { nominationId: 'n-lo', personId: 'p-lo', name: 'Lo Ledare', status: 'pending', reason: null },
    ],
    signs: [],
    history: [
      { at: at('2026-10-01'), action: 'group-created', actor: 'resident', details: { name: 'Storgatan 1' } },
      { at: at('2026-10-01'), action: 'member-joined', actor: 'resident', details: { memberId: 'm-kim' } },
      { at: at('2026-10-01'), action: 'contact-person-nominated', actor: 'resident', details: { nominationId: 'n-kim', memberId: 'm-kim' } },
      { at: at('2026-11-10'), action: 'contact-person-approved', actor: 'onboarding', details: { nominationId: 'n-kim', reason: null, groupActivated: true } },
      { at: at('2026-11-12'), action: 'group-edited', actor: 'Sara Samordnare', details: { signsUp: false } },
      { at: at('2026-11-20'), action: 'a-change-from-next-year', actor: 'system', details: {} },
    ],
    ...over,
  });
}

class Scripted {
  group: GroupDetail = activeGroup();
  async groupPage(): Promise<StaffResult<GroupDetail>> {
    return { kind: 'ok', value: this.group };
  }
}

/** The body's rows of a summary list as "key: value", tags stripped. */
function summary(html: string): Record<string, string> {
  const rows = [...html.matchAll(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g)];
  return Object.fromEntries(rows.map((r) => [r[1]!.trim(), r[2]!.replace(/<[^>]+>/g, '').trim()]));
}

/** The history table's rows: [when, what, who]. */
function history(html: string): string[][] {
  const table = /<table class="govuk-table app-table--fit" id="historik">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.trim()));
}

describe('the coordinator’s group page, as a new coordinator reads it', () => {
  let app: INestApplication;
  const scripted = new Scripted();
  const asked: string[] = [];
  const onboarding: OnboardingApi = {
    startMeetingDate: async (_token, nominationId) => {
      asked.push(nominationId);
      return nominationId === 'n-kim' ? '2026-11-18' : null;
    },
  };
  const cookie = coordinatorCookie('ale', 'token');
  const page = async (lang: 'sv' | 'en') => (await request(app.getHttpServer()).get(`/ale/samordnare/grupper/group-1?lang=${lang}`).set('cookie', cookie).expect(200)).text;

  beforeAll(async () => {
    const config = loadWebConfig({ PORT: '3698', LOG_LEVEL: 'silent', WEB_SESSION_SECRET: TEST_SESSION_SECRET });
    const moduleRef = await Test.createTestingModule({ imports: [WebModule.forRoot(config, createLogger('web-test', 'silent'))] })
      .overrideProvider(ENROLMENT_API)
      .useValue({
        group: () => scripted.groupPage(),
        groups: async () => ({ kind: 'ok', value: [scripted.group] }),
        areas: async () => ({ kind: 'ok', value: [] }),
      } as unknown as EnrolmentApi)
      .overrideProvider(ONBOARDING_API)
      .useValue(onboarding)
      .overrideProvider(FEEDBACK_SINK)
      .useValue({ send: async () => undefined })
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    scripted.group = activeGroup();
    asked.length = 0;
  });

  it('shows the history in Swedish: what happened and who did it in words, no machine names', async () => {
    const html = await page('sv');
    expect(history(html)).toEqual([
      ['2026-10-01', 'Gruppen skapades', 'Den boende själv'],
      ['2026-10-01', 'Medlem gick med: Kim Kontakt', 'Den boende själv'],
      ['2026-10-01', 'Nominerad till kontaktombud: Kim Kontakt', 'Den boende själv'],
      ['2026-11-10', 'Kontaktombud godkänt: Kim Kontakt', 'Godkännandeprocessen (automatiskt)'],
      ['2026-11-12', 'Gruppens uppgifter ändrades', 'Sara Samordnare'],
      ['2026-11-20', 'Annan händelse', 'Systemet (automatiskt)'],
    ]);
    expect(html).not.toMatch(/group-created|member-joined|contact-person-|a-change-from-next-year|>resident<|>onboarding</);
  });

  it('shows the history in English', async () => {
    expect(history(await page('en'))).toEqual([
      ['2026-10-01', 'Group created', 'The resident'],
      ['2026-10-01', 'Member joined: Kim Kontakt', 'The resident'],
      ['2026-10-01', 'Nominated as contact person: Kim Kontakt', 'The resident'],
      ['2026-11-10', 'Contact person approved: Kim Kontakt', 'The approval process (automatic)'],
      ['2026-11-12', 'Group details changed', 'Sara Samordnare'],
      ['2026-11-20', 'Other event', 'The system (automatic)'],
    ]);
  });

  it('says which nomination the active group waits for and since when (sv, en), and "Nej"/"No" when none', async () => {
    expect(summary(await page('sv'))['Väntar på polisen']).toBe('Ja: Lo Ledare, nominerad 2026-11-20');
    expect(summary(await page('en'))['Waiting for the police']).toBe('Yes: Lo Ledare, nominated 2026-11-20');
    scripted.group = activeGroup({ waitingForPolice: false, pendingNominations: [] });
    expect(summary(await page('sv'))['Väntar på polisen']).toBe('Nej');
    expect(summary(await page('en'))['Waiting for the police']).toBe('No');
  });

  it('the group list, too, names the waiting nomination in its "Väntar på polisen" column (sv, en)', async () => {
    const cell = (html: string, label: string) => new RegExp(`<td class="govuk-table__cell" data-label="${label}">([^<]*)</td>`).exec(html)?.[1];
    const list = async (lang: 'sv' | 'en') => (await request(app.getHttpServer()).get(`/ale/samordnare/grupper?lang=${lang}`).set('cookie', cookie).expect(200)).text;
    expect(cell(await list('sv'), 'Väntar på polisen')).toBe('Ja: Lo Ledare, nominerad 2026-11-20');
    expect(cell(await list('en'), 'Waiting for the police')).toBe('Yes: Lo Ledare, nominated 2026-11-20');
    scripted.group = activeGroup({ waitingForPolice: false, pendingNominations: [] });
    expect(cell(await list('sv'), 'Väntar på polisen')).toBe('Nej');
  });

  it('shows the start meeting’s day recorded in onboarding when the group has none (sv, en)', async () => {
    expect(summary(await page('sv'))['Uppstartsmöte']).toBe('2026-11-18');
    expect(asked.sort()).toEqual(['n-kim', 'n-lo']);
    expect(summary(await page('en'))['Start meeting']).toBe('2026-11-18');
  });

  it('shows the group’s own date when the coordinator set one, without asking onboarding', async () => {
    scripted.group = activeGroup({ startMeetingDate: '2026-11-15' });
    expect(summary(await page('sv'))['Uppstartsmöte']).toBe('2026-11-15');
    expect(asked).toEqual([]);
  });

  it('shows "–" when no meeting is recorded anywhere (onboarding knows none, or does not answer)', async () => {
    scripted.group = activeGroup({ nominations: [{ nominationId: 'n-lo', personId: 'p-lo', name: 'Lo Ledare', status: 'pending', reason: null }] });
    expect(summary(await page('sv'))['Uppstartsmöte']).toBe('–');
    expect(summary(await page('en'))['Start meeting']).toBe('–');
  });
});
