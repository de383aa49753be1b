import { translator } from '../i18n';
import { en } from '../i18n/en';
import { actionText, actorText, type HistoryEntry, historyLines, waitingText } from './group-history';

// Every action enrolment writes into a group's history (services/enrolment/src/domain/group.ts, sign.ts,
// activity-check.ts: `withHistory`, `history(…)`, `log(…)`; `contact-person-${outcome}` and
// `sign-reported-${kind}` spelled out). A new action there belongs here too, with its texts.
const ENROLMENT_ACTIONS = [
  'group-created',
  'group-edited',
  'member-joined',
  'member-left',
  'contact-person-nominated',
  'contact-person-approved',
  'contact-person-rejected',
  'contact-person-withdrawn',
  'contact-person-imported',
  'contact-person-handed-over',
  'household-declined',
  'household-removed',
  'sign-added',
  'sign-edited',
  'sign-replaced',
  'sign-reported-damaged',
  'sign-reported-missing',
  'activity-check-sent',
  'activity-check-reminded',
  'activity-check-unanswered',
  'activity-check-answered',
];

const sv = translator('sv');
const english = translator('en');
const context = {
  members: [
    { memberId: 'm-kim', personId: 'p-kim', name: 'Kim Kontakt' },
    { memberId: 'm-hidden', personId: 'p-hidden', name: 'Skyddad person' },
  ],
  nominations: [{ nominationId: 'n-kim', name: 'Kim Kontakt' }],
  signs: [{ id: 's-1', place: 'Vid lekplatsen' }],
};

describe('a group’s history in the page’s language', () => {
  it.each(ENROLMENT_ACTIONS)('says what %s means in Swedish and English, never the machine name', (action) => {
    for (const t of [sv, english]) {
      const text = actionText(action, t);
      expect(text).not.toBe(action);
      expect(text).not.toMatch(/staff\.history|^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(text).not.toBe(actionText('something-new', t));
    }
    expect(actionText(action, sv)).not.toBe(actionText(action, english));
  });

  it('has a text for exactly the actions enrolment records (plus the generic one)', () => {
    const keys = Object.keys(en).filter((k) => k.startsWith('staff.history.action.')).map((k) => k.slice('staff.history.action.'.length));
    expect(keys.sort()).toEqual([...ENROLMENT_ACTIONS, 'other'].sort());
  });

  it('shows an action added later as a readable generic text, not its machine name', () => {
    expect(actionText('police-start-meeting-held', sv)).toBe('Annan händelse');
    expect(actionText('police-start-meeting-held', english)).toBe('Other event');
  });

  it('says who acted: the resident, onboarding, the system in words; a resident by link by name; staff by their name', () => {
    expect([sv, english].map((t) => ['resident', 'onboarding', 'system', 'enrolment', 'resident:p-kim', 'resident:p-gone', 'resident:p-hidden', 'dev:ale', 'Sara Samordnare'].map((a) => actorText(a, context, t)))).toEqual([
      ['Den boende själv', 'Godkännandeprocessen (automatiskt)', 'Systemet (automatiskt)', 'Systemet (automatiskt)', 'Kim Kontakt (boende)', 'Den boende själv', 'Skyddad person (boende)', 'Kommunens personal', 'Sara Samordnare'],
      ['The resident', 'The approval process (automatic)', 'The system (automatic)', 'The system (automatic)', 'Kim Kontakt (resident)', 'The resident', 'Protected person (resident)', 'Municipal staff', 'Sara Samordnare'],
    ]);
  });

  it('names whom or what an entry is about when the page knows it, in the order it happened', () => {
    const at = '2026-11-02T10:00:00.000Z';
    const history: HistoryEntry[] = [
      { at, action: 'group-created', actor: 'resident', details: { name: 'Storgatan 1' } },
      { at, action: 'member-joined', actor: 'resident', details: { memberId: 'm-kim' } },
      { at, action: 'contact-person-approved', actor: 'onboarding', details: { nominationId: 'n-kim', reason: null, groupActivated: true } },
      { at, action: 'member-left', actor: 'resident:p-gone', details: { memberId: 'm-gone', reason: 'left' } },
      { at, action: 'sign-reported-damaged', actor: 'resident:p-kim', details: { signId: 's-1' } },
      { at, action: 'activity-check-sent', actor: 'system', details: { checkId: 'c1' } },
    ];
    expect(historyLines(history, context, sv)).toEqual([
      { at, what: 'Gruppen skapades', about: null, who: 'Den boende själv' },
      { at, what: 'Medlem gick med', about: 'Kim Kontakt', who: 'Den boende själv' },
      { at, what: 'Kontaktombud godkänt', about: 'Kim Kontakt', who: 'Godkännandeprocessen (automatiskt)' },
      { at, what: 'Medlem lämnade gruppen', about: null, who: 'Den boende själv' },
      { at, what: 'Skylt anmäld som skadad', about: 'Vid lekplatsen', who: 'Kim Kontakt (boende)' },
      { at, what: 'Årlig kontroll skickad', about: null, who: 'Systemet (automatiskt)' },
    ]);
    expect(historyLines(history, context, english).map((l) => l.what)).toEqual(['Group created', 'Member joined', 'Contact person approved', 'Member left the group', 'Sign reported damaged', 'Yearly check sent']);
  });
});

describe('which nomination the group waits for', () => {
  const day = (iso: string) => iso.slice(0, 10);

  it('names each waiting nominee and since when, in Swedish and English', () => {
    const group = { waitingForPolice: true, pendingNominations: [{ name: 'Lo Ledare', nominatedAt: '2026-11-02T09:00:00Z' }, { name: 'Skyddad person', nominatedAt: '2026-11-20T09:00:00Z' }] };
    expect(waitingText(group, sv, day)).toBe('Ja: Lo Ledare, nominerad 2026-11-02; Skyddad person, nominerad 2026-11-20');
    expect(waitingText(group, english, day)).toBe('Yes: Lo Ledare, nominated 2026-11-02; Protected person, nominated 2026-11-20');
  });

  it('says no when nothing waits, and a bare yes only when enrolment does not say which', () => {
    expect(waitingText({ waitingForPolice: false, pendingNominations: [] }, sv, day)).toBe('Nej');
    expect(waitingText({ waitingForPolice: false }, english, day)).toBe('No');
    expect(waitingText({ waitingForPolice: true }, sv, day)).toBe('Ja');
  });
});
