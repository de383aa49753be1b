import type { z } from 'zod';
import { type FieldProblem, ValidationFailed } from '@trygg/service-kit';

/**
 * Validation answers for people: each bad field with a stable `code` and a sentence that names the field, in
 * Swedish, or English when the request asked for it. The web front shows `message` next to the field.
 */
export interface LocalisedFieldProblem extends FieldProblem {
  code: string;
}

export type UiLanguage = 'sv' | 'en';

const LABELS: Record<string, [string, string]> = {
  municipalityId: ['Kommun', 'Municipality'],
  name: ['Namn', 'Name'],
  email: ['E-postadress', 'Email address'],
  mobile: ['Mobilnummer', 'Mobile number'],
  smsOptIn: ['Valet om sms', 'The text message choice'],
  emailUpdates: ['Valet om e-post', 'The email choice'],
  address: ['Adress', 'Address'],
  'address.street': ['Gatuadress', 'Street'],
  'address.number': ['Gatunummer', 'Street number'],
  'address.postcode': ['Postnummer', 'Postcode'],
  'address.city': ['Ort', 'Town'],
  coordinates: ['Koordinaterna', 'The coordinates'],
  intent: ['Vad du vill göra', 'What you want to do'],
  protectedIdentity: ['Skyddad identitet', 'Protected identity'],
  language: ['Språk', 'Language'],
  token: ['Länken', 'The link'],
  areaId: ['Område', 'Area'],
  groupId: ['Grupp', 'Group'],
  registrationId: ['Anmälan', 'Registration'],
  status: ['Status', 'Status'],
  startMeetingDate: ['Datum för uppstartsmöte', 'Start meeting date'],
  signsUp: ['Skyltar uppsatta', 'Signs up'],
  householdCount: ['Antal hushåll', 'Number of households'],
  waitingForPolice: ['Väntar på polisen', 'Waiting for the police'],
  csv: ['CSV-filen', 'The CSV file'],
  dryRun: ['Provkörning', 'Dry run'],
  kind: ['Typ av länk', 'Kind of link'],
  personId: ['Person', 'Person'],
  signId: ['Skylten', 'The sign'],
  answer: ['Svaret', 'The answer'],
  toMemberId: ['Den som ska ta över', 'The member taking over'],
  checkId: ['Kontrollen', 'The check'],
  place: ['Platsen', 'The place'],
  putUpAt: ['Datum då skylten sattes upp', 'Date the sign was put up'],
  condition: ['Skick', 'Condition'],
  note: ['Kommentaren', 'The note'],
  '(body)': ['Förfrågan', 'The request'],
};

const MESSAGES: Record<string, [(l: string) => string, (l: string) => string]> = {
  required: [(l) => `${l} måste fyllas i.`, (l) => `${l} is required.`],
  too_long: [(l) => `${l} är för lång.`, (l) => `${l} is too long.`],
  invalid_email: [(l) => `${l} är inte giltig. Skriv den som namn@exempel.se.`, (l) => `${l} is not valid. Write it as name@example.com.`],
  invalid_mobile: [(l) => `${l} är inte ett giltigt telefonnummer. Skriv till exempel 070-123 45 67.`, (l) => `${l} is not a valid phone number, e.g. +46 70 123 45 67.`],
  mobile_country: [(l) => `${l} måste vara ett svenskt mobilnummer (eller från ett land kommunen tillåter).`, (l) => `${l} must be a Swedish mobile number (or of a country the municipality allows).`],
  required_for_sms: [(l) => `${l} behövs om du vill få sms.`, (l) => `${l} is needed if you want text messages.`],
  invalid_postcode: [(l) => `${l} ska vara fem siffror, till exempel 449 30.`, (l) => `${l} must be five digits, e.g. 449 30.`],
  invalid_street_number: [(l) => `${l} ska börja med en siffra, till exempel 12 eller 12B.`, (l) => `${l} must start with a number, e.g. 12 or 12B.`],
  invalid_choice: [(l) => `${l}: välj ett av alternativen.`, (l) => `${l}: choose one of the options.`],
  invalid_type: [(l) => `${l} har fel format.`, (l) => `${l} has the wrong format.`],
  control_characters: [(l) => `${l} innehåller tecken som inte är tillåtna.`, (l) => `${l} contains characters that are not allowed.`],
  looks_like_link: [(l) => `${l} får inte innehålla en webbadress, e-postadress eller länk.`, (l) => `${l} must not contain a web address, email address or link.`],
  invalid_name: [(l) => `${l} måste innehålla bokstäver.`, (l) => `${l} must contain letters.`],
  unknown_field: [(l) => `${l} är inte ett fält i formuläret.`, (l) => `${l} is not a field of the form.`],
  unknown_municipality: [(l) => `${l} finns inte.`, (l) => `${l} does not exist.`],
  unknown_area: [(l) => `${l} finns inte i kommunen.`, (l) => `${l} does not exist in the municipality.`],
  unknown_group: [(l) => `${l} finns inte i området.`, (l) => `${l} does not exist in the area.`],
  unknown_member: [(l) => `${l} finns inte i gruppen.`, (l) => `${l} is not in the group.`],
  unknown_sign: [(l) => `${l} finns inte i din grupp.`, (l) => `${l} is not one of your group's signs.`],
  unknown_registration: [(l) => `${l} finns inte.`, (l) => `${l} does not exist.`],
  invalid_coordinates: [(l) => `${l} ligger inte i Sverige.`, (l) => `${l} are not in Sweden.`],
  invalid_date: [(l) => `${l} ska vara ett datum, till exempel 2026-12-01.`, (l) => `${l} must be a date, e.g. 2026-12-01.`],
};

export function languageOf(body: unknown): UiLanguage {
  return typeof body === 'object' && body !== null && (body as { language?: unknown }).language === 'en' ? 'en' : 'sv';
}

export function localisedProblem(field: string, code: string, language: UiLanguage): LocalisedFieldProblem {
  const known = MESSAGES[code] ? code : 'invalid_type';
  const label = LABELS[field] ?? LABELS[field.split('.').at(-1) ?? ''] ?? [field, field];
  const [sv, en] = MESSAGES[known] ?? MESSAGES['invalid_type'] ?? [(l: string) => l, (l: string) => l];
  return { field, code: known, message: language === 'en' ? en(label[1]) : sv(label[0]) };
}

function codeOf(issue: z.core.$ZodIssue): string {
  if (MESSAGES[issue.message]) return issue.message;
  switch (issue.code) {
    case 'too_big':
      return 'too_long';
    case 'too_small':
      return 'required';
    case 'invalid_value':
      return 'invalid_choice';
    case 'invalid_format':
      return issue.format === 'email' ? 'invalid_email' : 'invalid_type';
    default:
      return 'invalid_type';
  }
}

export function localisedProblems(error: z.ZodError, language: UiLanguage): LocalisedFieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => localisedProblem([...base, key].join('.'), 'unknown_field', language));
    return [localisedProblem(base.length ? base.join('.') : '(body)', codeOf(issue), language)];
  });
}

/** Like parseInput from @trygg/service-kit, with codes and sentences for people. Nothing is done on a 400. */
export function parseLocalised<TSchema extends z.ZodType>(schema: TSchema, input: unknown, language: UiLanguage = languageOf(input)): z.infer<TSchema> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ValidationFailed(localisedProblems(result.error, language));
  return result.data;
}
