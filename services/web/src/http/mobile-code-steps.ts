import type { Request, Response } from 'express';
import type { MobileCodeAnswer, NotificationsApi } from '../application/notifications-api';
import { asFormBody, text } from '../domain/form-input';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import { type Pages, type ShownError, translate } from './pages';

type Link = { href: string; text: string };
type Content = { title: string; paragraphs: string[]; link?: Link };

/**
 * One "Bekräfta ditt mobilnummer" page, whoever it is for: a resident from "Mina uppgifter" (MobileConfirmationController)
 * or a walker right after confirming their sign-up (WalkerMobileController). The controller has checked the person's
 * authority (the email link, or the walker's signed capability) and asked notifications for the number's status.
 */
export interface MobilePage {
  municipality: BrandedMunicipality;
  personId: string;
  /** Shown when the web knows it (a resident's); a walker's page speaks of "the number you gave". */
  number: string | null;
  status: 'none' | 'unconfirmed' | 'confirmed';
  /** The page's own path: "Skicka kod" posts to `<path>/kod`, the code to `<path>`. */
  path: string;
  /** The back link above the heading and below the confirmation (none: no page to go back to). */
  back: Link | null;
  /** What the page says when notifications has no mobile number for the person. */
  noNumber: Content;
  /**
   * What notifications not knowing the person means: for a resident, no number; for a walker just confirmed,
   * notifications has not yet heard of them (their contact details travel by event): "try again in a moment".
   */
  unknown: Content | 'no-number';
}

/** The message shown for each answer about a typed code that is not a confirmation (`errors.mobileCode.*`). */
const CODE_ERRORS: Record<Exclude<MobileCodeAnswer['outcome'], 'confirmed' | 'already-confirmed'>, string> = {
  wrong: 'errors.mobileCode.wrong',
  expired: 'errors.mobileCode.expired',
  'too-many-attempts': 'errors.mobileCode.tooManyAttempts',
  'no-code': 'errors.mobileCode.noCode',
};

/**
 * The steps of confirming a mobile number by code, shared by every page that offers it: show the page, "Skicka kod"
 * (notifications texts a code to the number), the typed code (confirmed, or a clear field error: wrong with attempts
 * left, expired, too many wrong answers, no code, a fourth code in a day). Every change is a POST with the CSRF
 * token (the shared middleware); no JavaScript.
 */
export class MobileCodeSteps {
  constructor(
    private readonly pages: Pages,
    private readonly notifications: NotificationsApi,
  ) {}

  show(req: Request, res: Response, page: MobilePage, extra: { sent?: boolean; errors?: ShownError[]; status?: number } = {}): void {
    if (page.status === 'none') return this.pages.message(req, res, page.noNumber, { municipality: page.municipality });
    if (page.status === 'confirmed') return this.confirmed(req, res, page);
    this.pages.render(req, res, 'mobile-confirm.njk', { path: page.path, back: page.back, number: page.number, sent: extra.sent ?? false }, { municipality: page.municipality, status: extra.status, errors: extra.errors });
  }

  /** "Skicka kod". */
  async send(req: Request, res: Response, page: MobilePage): Promise<void> {
    if (page.status !== 'unconfirmed') return this.show(req, res, page);
    const t = translate(res);
    const answer = await this.notifications.requestMobileCode(page.municipality.id, page.personId);
    if (!answer) return this.unknown(req, res, page);
    if (answer.sent) return this.show(req, res, page, { sent: true });
    if (answer.reason === 'already-confirmed') return this.confirmed(req, res, page);
    if (answer.reason === 'no-mobile') return this.show(req, res, { ...page, status: 'none' });
    this.show(req, res, page, { status: 429, errors: [{ field: 'code', text: t('errors.mobileCode.tooManyCodes') }] });
  }

  /** The typed code. */
  async confirm(req: Request, res: Response, page: MobilePage, body: unknown): Promise<void> {
    if (page.status !== 'unconfirmed') return this.show(req, res, page);
    const t = translate(res);
    const code = text(asFormBody(body), 'code').slice(0, 20);
    if (!code) return this.show(req, res, page, { sent: true, status: 400, errors: [{ field: 'code', text: t('errors.mobileCode.required') }] });
    const answer = await this.notifications.confirmMobileCode(page.municipality.id, page.personId, code);
    if (!answer) return this.unknown(req, res, page);
    if (answer.outcome === 'confirmed' || answer.outcome === 'already-confirmed') return this.confirmed(req, res, page);
    const message = t(CODE_ERRORS[answer.outcome], { left: String(answer.attemptsLeft) });
    this.show(req, res, page, { sent: answer.outcome === 'wrong', status: 400, errors: [{ field: 'code', text: message }] });
  }

  /** Notifications does not know the person (yet). */
  unknown(req: Request, res: Response, page: MobilePage): void {
    if (page.unknown === 'no-number') return this.show(req, res, { ...page, status: 'none' });
    this.pages.message(req, res, page.unknown, { municipality: page.municipality });
  }

  private confirmed(req: Request, res: Response, page: MobilePage): void {
    const t = translate(res);
    const p1 = page.number ? t('mobile.confirmed.p1', { number: page.number }) : t('mobile.confirmed.yours');
    this.pages.message(req, res, { title: t('mobile.confirmed.title'), panel: true, paragraphs: [p1], ...(page.back ? { link: page.back } : {}) }, { municipality: page.municipality });
  }
}
