import type { Translate } from '../i18n';

/** One walker as volunteers lists them (the fields the page uses). */
export interface ListedWalker {
  volunteerId: string;
  name: string | null;
  organisationId: string | null;
  status: 'onboarding' | 'active' | 'rejected' | 'withdrawn';
  spokenLanguages: string[];
  otherLanguages: string | null;
  availability: string[];
  onboardingStep: { stepId: string; stepType: string; since: string } | null;
}

export interface RosterRow {
  name: string;
  status: string;
  /** While onboarding: the step waited at (its title when the process names it), else '–'. */
  waitsFor: string;
  /** The day the step was asked for (YYYY-MM-DD in the municipality's time), or '–'. */
  since: string;
  languages: string;
  availability: string;
}

export interface RosterGroup {
  id: string;
  name: string;
  active: number;
  onboarding: number;
  rows: RosterRow[];
}

const STATUS_ORDER = { onboarding: 0, active: 1, withdrawn: 2, rejected: 3 } as const;
const KNOWN_STEP_TYPES = new Set(['age-check', 'meeting-attendance', 'document-check', 'agreement', 'training', 'coordinator-check']);

/**
 * The coordinator's walker page: the municipality's organisations in their order (volunteers.yaml), each with its
 * walkers — those in onboarding first, longest waiting first, then the active ones, then the ended — and who waits at
 * which step. A walker of an organisation no longer in the list is shown under its own heading, not dropped.
 */
export function rosterByOrganisation(
  walkers: readonly ListedWalker[],
  organisations: ReadonlyArray<{ id: string; name: string }>,
  t: Translate,
  options: { lang: 'sv' | 'en'; stepTitle: (stepId: string) => { sv?: string; en?: string } | undefined; day: (iso: string) => string },
): RosterGroup[] {
  const groups: RosterGroup[] = organisations.map((o) => ({ id: o.id, name: o.name, active: 0, onboarding: 0, rows: [] }));
  const sorted = [...walkers].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.onboardingStep?.since ?? '').localeCompare(b.onboardingStep?.since ?? ''));
  for (const w of sorted) {
    let group = groups.find((g) => g.id === (w.organisationId ?? ''));
    if (!group) {
      const id = w.organisationId ?? '';
      group = { id, name: `${t('staffWalkers.unknownOrganisation')}${id ? ` (${id})` : ''}`, active: 0, onboarding: 0, rows: [] };
      groups.push(group);
    }
    if (w.status === 'active') group.active++;
    if (w.status === 'onboarding') group.onboarding++;
    group.rows.push(rowOf(w, t, options));
  }
  return groups;
}

function rowOf(w: ListedWalker, t: Translate, options: Parameters<typeof rosterByOrganisation>[3]): RosterRow {
  const step = w.status === 'onboarding' ? w.onboardingStep : null;
  const title = step ? options.stepTitle(step.stepId) : undefined;
  const waitsFor = !step
    ? w.status === 'onboarding'
      ? t('staffWalkers.step.unknown')
      : '–'
    : (title?.[options.lang] ?? title?.sv ?? (KNOWN_STEP_TYPES.has(step.stepType) ? t(`staffWalkers.step.${step.stepType}`) : step.stepId));
  const languages = [...w.spokenLanguages.map((l) => t(`walkerSignup.spoken.${l}`)), ...(w.otherLanguages ? [w.otherLanguages] : [])];
  return {
    name: w.name ?? '–',
    status: t(`staffWalkers.status.${w.status}`),
    waitsFor,
    since: step ? options.day(step.since) : '–',
    languages: languages.length ? languages.join(', ') : '–',
    availability: w.availability.length ? w.availability.map((a) => t(`walkerSignup.availability.${a}`)).join(', ') : '–',
  };
}
