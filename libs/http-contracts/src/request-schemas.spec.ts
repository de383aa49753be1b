import { enrolmentInput } from './index';
import { submitRegistration, correctSelfService, placeFromTriage } from './enrolment';
import { savePreferencesByLink, sendBroadcast } from './notifications';
import { completeStep } from './onboarding';
import { signUp } from './volunteers';
import { decideCase } from './police-liaison';

const fieldsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string; code: string; keys?: string[] }> } }) =>
  (result.error?.issues ?? []).flatMap((i) => (i.code === 'unrecognized_keys' ? (i.keys ?? []).map((k) => [...i.path, k].join('.')) : [i.path.map(String).join('.')]));

const registration = {
  municipalityId: 'lilla-edet',
  name: 'Anna Andersson',
  email: 'anna@example.se',
  mobile: '070-123 45 67',
  smsOptIn: true,
  address: { street: 'Storgatan', number: '12 b', postcode: '46330', city: 'Lilla Edet' },
  intent: 'join',
  language: 'sv',
};

describe('request schemas accept what the services accept', () => {
  it('enrolment registration: a realistic form is accepted and normalised', () => {
    const parsed = submitRegistration.body.parse(registration);
    expect(parsed).toMatchObject({ mobile: '+46701234567', address: { number: '12B', postcode: '463 30' }, coordinates: null, protectedIdentity: false });
  });

  it('enrolment registration: a bad postcode, an unknown field and SMS without a mobile are refused, each field named', () => {
    const result = submitRegistration.body.safeParse({ ...registration, mobile: '', address: { ...registration.address, postcode: '123' }, personnummer: '19800101-1234' });
    expect(result.success).toBe(false);
    expect(fieldsOf(result)).toEqual(expect.arrayContaining(['address.postcode', 'personnummer']));
    const codes = result.error?.issues.map((i) => i.message);
    expect(codes).toContain('invalid_postcode');
    const noMobile = submitRegistration.body.safeParse({ ...registration, mobile: '' });
    expect(fieldsOf(noMobile)).toEqual(['mobile']);
    expect(noMobile.error?.issues[0]?.message).toBe('required_for_sms');
  });

  it('enrolment self-service correction and placement', () => {
    expect(correctSelfService.body.safeParse({ name: 'Anna A', registrationId: 'not-a-uuid' }).error?.issues[0]).toMatchObject({ path: ['registrationId'], message: 'unknown_registration' });
    expect(correctSelfService.body.parse({ emailUpdates: false })).toEqual({ emailUpdates: false });
    expect(placeFromTriage.body.safeParse({ areaId: '' }).error?.issues[0]?.path).toEqual(['areaId']);
    expect(enrolmentInput.linkInput.safeParse({ kind: 'self-service', personId: '6f1c2f4e-2b7a-4d3e-9a1b-0c2d3e4f5a6b' }).success).toBe(true);
  });

  it('notifications preferences and broadcasts', () => {
    expect(savePreferencesByLink.body.parse({ channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: true } })).toBeTruthy();
    const transactional = savePreferencesByLink.body.safeParse({ channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: true, transactional: false } });
    expect(fieldsOf(transactional)).toEqual(['categories.transactional']);
    expect(sendBroadcast.body.parse({ subject: 'Inbrott', body: 'Håll utkik', filter: { areaIds: ['centrum'] } })).toMatchObject({ category: 'information', channels: ['email'] });
    expect(fieldsOf(sendBroadcast.body.safeParse({ subject: 'Inbrott', body: 'Håll utkik', filter: {} }))).toEqual(['filter']);
  });

  it('onboarding, volunteers and police decisions', () => {
    expect(completeStep.body.parse({ outcome: 'approved' })).toMatchObject({ reason: null });
    expect(fieldsOf(completeStep.body.safeParse({ outcome: 'rejected' }))).toEqual(['reason']);
    // Who answers is the signed-in caller: a body naming an actor (e.g. the resident) is refused.
    expect(completeStep.body.safeParse({ actor: { kind: 'subject', id: 'p' }, outcome: 'approved' }).success).toBe(false);
    expect(signUp.body.parse({ municipalityId: 'ale', name: 'Bo', email: 'bo@example.se', birthYear: 1980, mobile: '0701234567' })).toMatchObject({ mobile: '+46701234567', smsOptIn: false, organisationId: null });
    expect(fieldsOf(signUp.body.safeParse({ municipalityId: 'ale', name: 'Bo', email: 'bo@example.se', birthYear: 1980, mobile: '031-123 45 67' }))).toEqual(['mobile']); // a landline
    // A foreign mobile passes the schema: the municipality's allowed countries are the sign-up's check (volunteers).
    expect(fieldsOf(signUp.body.safeParse({ municipalityId: 'ale', name: 'Bo', email: 'bo@example.se', birthYear: 1980, mobile: '+45 20 12 34 56' }))).toEqual([]);
    expect(fieldsOf(decideCase.body.safeParse({ outcome: 'approved', reason: 'ok' }))).toEqual(['outcome']);
  });

  it('every name field follows the name rule of @trygg/values: no link, line break or bidi override, each refusal naming the field', () => {
    const messagesOf = (r: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) => (r.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);
    const walker = { municipalityId: 'ale', email: 'bo@example.se', birthYear: 1980 };
    expect(messagesOf(signUp.body.safeParse({ ...walker, name: 'Bo\nhttps://bankid-verify.com' }))).toEqual([['name', 'must not contain line breaks, tabs or control characters']]);
    expect(messagesOf(signUp.body.safeParse({ ...walker, name: 'Logga in på bankid-verify.com' }))).toEqual([['name', 'must not contain a web address, email address or link']]);
    expect(signUp.body.parse({ ...walker, name: "  Anna-Lena  O'Brien " }).name).toBe("Anna-Lena O'Brien");
    expect(messagesOf(submitRegistration.body.safeParse({ ...registration, name: 'Anna \u202Eesrever' }))).toEqual([['name', 'control_characters']]);
    expect(messagesOf(submitRegistration.body.safeParse({ ...registration, name: 'anna@example.se' }))).toEqual([['name', 'looks_like_link']]);
    expect(messagesOf(submitRegistration.body.safeParse({ ...registration, name: 'A'.repeat(101) }))).toEqual([['name', 'too_long']]);
    expect(messagesOf(submitRegistration.body.safeParse({ ...registration, name: undefined }))).toEqual([['name', 'required']]);
    expect(submitRegistration.body.parse({ ...registration, name: 'Nguyễn Thị Zoë Ångström' }).name).toBe('Nguyễn Thị Zoë Ångström');
    expect(messagesOf(correctSelfService.body.safeParse({ name: 'www.example.se' }))).toEqual([['name', 'looks_like_link']]);
    expect(messagesOf(enrolmentInput.groupEditInput.safeParse({ name: 'Solgläntan – läs mer på bankid-verify.com' }))).toEqual([['name', 'looks_like_link']]);
    expect(enrolmentInput.groupEditInput.parse({ name: 'S:t Olofsgatan 1/3' }).name).toBe('S:t Olofsgatan 1/3');
  });
});
