import type { Translate } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';

export type StaffSection = 'triage' | 'groups' | 'areas' | 'signs' | 'import' | 'messages' | 'walkers' | 'walks' | 'walk-report' | 'rounds';

/** The coordinator's menu, the same on every page under /<m>/samordnare. */
export function staffNavigation(m: BrandedMunicipality, t: Translate, current: StaffSection) {
  const base = `/${m.id}/samordnare`;
  return [
    { text: t('staff.nav.triage'), href: base, current: current === 'triage' },
    { text: t('staff.nav.groups'), href: `${base}/grupper`, current: current === 'groups' },
    { text: t('staff.nav.areas'), href: `${base}/omraden`, current: current === 'areas' },
    { text: t('staff.nav.signs'), href: `${base}/skyltar`, current: current === 'signs' },
    { text: t('staff.nav.import'), href: `${base}/import`, current: current === 'import' },
    { text: t('staff.nav.messages'), href: `${base}/utskick`, current: current === 'messages' },
    { text: t('staffWalkers.nav'), href: `${base}/vandrare`, current: current === 'walkers' },
    { text: t('walkAdmin.nav.walks'), href: `${base}/vandringar`, current: current === 'walks' },
    { text: t('walkAdmin.nav.report'), href: `${base}/vandringar/rapport`, current: current === 'walk-report' },
    { text: t('rounds.nav'), href: `${base}/trygghetsronder`, current: current === 'rounds' },
  ];
}

/** The read-only roles' menu (municipal roles, the police): the monthly report only. */
export function readerNavigation(m: BrandedMunicipality, t: Translate) {
  return [{ text: t('walkAdmin.nav.report'), href: `/${m.id}/samordnare/vandringar/rapport`, current: true }];
}
