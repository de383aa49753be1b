import type { Translate } from '../i18n';

/** The police officer's pages, as the navigation names them. */
export type PolicePage = 'cases' | 'overview' | 'observations' | 'messages';

/** The navigation of every police page (`current`: the page's entry; none for a page under none of them). */
export function policeNavigation(t: Translate, current?: PolicePage) {
  return {
    staffNavigation: [
      { text: t('police.nav.cases'), href: '/polis', current: current === 'cases' },
      { text: t('police.nav.overview'), href: '/polis/oversikt', current: current === 'overview' },
      // The observations from the groups (PoliceObservationsController).
      { text: t('police.nav.observations'), href: '/polis/observationer', current: current === 'observations' },
      // Area messages (PoliceAreaMessagesController).
      { text: t('police.nav.messages'), href: '/polis/utskick', current: current === 'messages' },
    ],
    staffHome: { text: t('police.title'), href: '/polis' },
  };
}
