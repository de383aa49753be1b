import { translator } from '../i18n';
import { type ListedWalker, rosterByOrganisation } from './walker-roster';

const organisations = [
  { id: 'ale-trygghetsvandrare', name: 'Ale kommuns trygghetsvandrare' },
  { id: 'nattvandrarna-ale', name: 'Nattvandrarna i Ale' },
];
const walker = (over: Partial<ListedWalker>): ListedWalker => ({
  volunteerId: 'v',
  name: 'Vera',
  organisationId: 'ale-trygghetsvandrare',
  status: 'onboarding',
  spokenLanguages: [],
  otherLanguages: null,
  availability: [],
  onboardingStep: null,
  ...over,
});
const titles: Record<string, { sv?: string; en?: string }> = { 'information-meeting': { sv: 'Informationsmöte', en: 'Information meeting' } };
const options = (lang: 'sv' | 'en') => ({ lang, stepTitle: (id: string) => titles[id], day: (iso: string) => iso.slice(0, 10) });

describe('the coordinator’s walkers by organisation', () => {
  it('keeps the organisations’ order, counts active and onboarding walkers, and lists the longest waiting first, then the active, then the ended', () => {
    const groups = rosterByOrganisation(
      [
        walker({ name: 'Aktiv Anna', status: 'active' }),
        walker({ name: 'Sen Sven', onboardingStep: { stepId: 'information-meeting', stepType: 'meeting-attendance', since: '2026-11-20T10:00:00Z' } }),
        walker({ name: 'Tidig Tove', onboardingStep: { stepId: 'age', stepType: 'age-check', since: '2026-11-01T10:00:00Z' } }),
        walker({ name: 'Avbröt Bo', status: 'withdrawn' }),
      ],
      organisations,
      translator('sv'),
      options('sv'),
    );
    expect(groups.map((g) => [g.name, g.active, g.onboarding, g.rows.map((r) => r.name)])).toEqual([
      ['Ale kommuns trygghetsvandrare', 1, 2, ['Tidig Tove', 'Sen Sven', 'Aktiv Anna', 'Avbröt Bo']],
      ['Nattvandrarna i Ale', 0, 0, []],
    ]);
  });

  it('says which step a walker waits at: the process’s title in the page’s language, else the step type in words, else the step id', () => {
    const rows = (lang: 'sv' | 'en') =>
      rosterByOrganisation(
        [
          walker({ name: 'A', onboardingStep: { stepId: 'information-meeting', stepType: 'meeting-attendance', since: '2026-11-20T10:00:00Z' } }),
          walker({ name: 'B', onboardingStep: { stepId: 'record-extract', stepType: 'document-check', since: '2026-11-21T10:00:00Z' } }),
          walker({ name: 'C', onboardingStep: { stepId: 'custom-step', stepType: 'some-plugin', since: '2026-11-22T10:00:00Z' } }),
          walker({ name: 'D' }),
          walker({ name: 'E', status: 'active', onboardingStep: { stepId: 'information-meeting', stepType: 'meeting-attendance', since: '2026-11-20T10:00:00Z' } }),
        ],
        organisations,
        translator(lang),
        options(lang),
      )[0]!.rows.map((r) => [r.name, r.waitsFor, r.since]);
    expect(rows('sv')).toEqual([
      ['D', 'Inget steg väntar just nu', '–'],
      ['A', 'Informationsmöte', '2026-11-20'],
      ['B', 'Ett dokument att visa upp', '2026-11-21'],
      ['C', 'custom-step', '2026-11-22'],
      ['E', '–', '–'],
    ]);
    expect(rows('en').map((r) => r[1])).toEqual(['No step is waiting right now', 'Information meeting', 'A document to show', 'custom-step', '–']);
  });

  it('names languages and availability in words, with other languages as written', () => {
    const [row] = rosterByOrganisation([walker({ spokenLanguages: ['sv', 'ar'], otherLanguages: 'tyska', availability: ['weekday-evenings', 'saturday'] })], organisations, translator('en'), options('en'))[0]!.rows;
    expect([row!.status, row!.languages, row!.availability]).toEqual(['In onboarding', 'Swedish, Arabic, tyska', 'Weekday evenings, Saturdays']);
  });

  it('shows a walker of an organisation no longer in the municipality’s list under its own heading, never drops them', () => {
    const groups = rosterByOrganisation([walker({ name: 'Gammal Gun', organisationId: 'nedlagd-forening', status: 'active' })], organisations, translator('sv'), options('sv'));
    expect(groups.at(-1)).toMatchObject({ name: 'Organisation som inte längre finns i kommunens lista (nedlagd-forening)', active: 1, rows: [{ name: 'Gammal Gun' }] });
  });
});
