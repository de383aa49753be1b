import { Controller, Get, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LOGGER, type Logger } from '@trygg/observability';
import { IDENTITY_PROVIDER_CLIENT, type IdentityProviderClient, SignInFailed } from '../application/sign-in';
import { POLICE_ORGANISATION, signedInPerson, startPageOf, type StaffSession } from '../domain/staff-session';
import type { IdentityProviders } from '../infrastructure/identity-providers';
import { Pages, translate } from './pages';
import { MUNICIPALITIES, type Municipalities } from './params';
import { IDENTITY_PROVIDERS, type SignInReason, SessionCookies, sessionOf } from './session';
import { PageNotFound, WebExceptionFilter } from './web-exception.filter';

const REASONS: ReadonlySet<string> = new Set<SignInReason | 'misslyckades' | 'utloggad'>(['kravs', 'inaktiv', 'utgangen', 'misslyckades', 'utloggad']);

/**
 * Staff and police sign in with OpenID Connect at their organisation's IdP (the web is the relying party):
 * `/logga-in` (choose the organisation; works without JavaScript), `/auth/login?org=` (to the IdP: code flow with
 * PKCE, state and nonce kept in a sealed cookie), `/auth/callback` (validated, the session cookie set, the person's
 * start page), `POST /auth/logout` (CSRF-checked by the middleware: the session cleared, then the IdP's
 * end_session_endpoint with id_token_hint), `/inloggad` (what the signed-in person may see).
 */
@Controller()
@UseFilters(WebExceptionFilter)
export class AuthController {
  constructor(
    private readonly pages: Pages,
    private readonly cookies: SessionCookies,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
    @Inject(IDENTITY_PROVIDERS) private readonly providers: IdentityProviders,
    @Inject(IDENTITY_PROVIDER_CLIENT) private readonly idp: IdentityProviderClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('logga-in')
  signInPage(@Query('orsak') reason: unknown, @Req() req: Request, @Res() res: Response): void {
    const t = translate(res);
    const organisations = [...this.municipalities.values()]
      .filter((m) => this.providers.has(m.id))
      .map((m) => ({ href: `/auth/login?org=${encodeURIComponent(m.id)}`, text: t('auth.signIn.staffOf', { municipality: m.name }) }));
    const police = this.providers.has(POLICE_ORGANISATION) ? { href: `/auth/login?org=${POLICE_ORGANISATION}`, text: t('auth.signIn.police') } : undefined;
    const shownReason = typeof reason === 'string' && REASONS.has(reason) ? t(`auth.reason.${reason}`) : undefined;
    const session = sessionOf(res);
    this.pages.render(req, res, 'sign-in.njk', { organisations, police, reason: shownReason, current: session ? startPageOf(session) : undefined }, { status: reason === 'misslyckades' ? 400 : 200 });
  }

  @Get('auth/login')
  async login(@Query('org') org: unknown, @Res() res: Response): Promise<void> {
    if (typeof org !== 'string' || !this.providers.has(org)) throw new PageNotFound();
    const start = await this.idp.start(org);
    this.cookies.writeSignIn(res, { organisation: org, ...start.checks, startedAt: Date.now() });
    res.redirect(303, start.url);
  }

  @Get('auth/callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const transaction = this.cookies.takeSignIn(req, res);
    const entry = transaction ? this.providers.get(transaction.organisation) : undefined;
    if (!transaction || !entry) return this.failed(res, 'no sign-in under way (or it took longer than 10 minutes)');
    let result;
    try {
      result = await this.idp.finish(transaction.organisation, new URL(req.originalUrl, 'http://web.invalid').searchParams, transaction);
    } catch (error) {
      if (error instanceof SignInFailed) return this.failed(res, error.message);
      throw error;
    }
    const knownAreas = new Set([...this.municipalities.values()].flatMap((m) => m.policeAreas.map((a) => a.id)));
    const person = signedInPerson(transaction.organisation, entry, result.claims, knownAreas);
    const now = Date.now();
    const session: StaffSession = {
      accessToken: result.accessToken,
      idToken: result.idToken,
      organisation: transaction.organisation,
      expiresAt: result.expiresAt,
      name: person.name,
      roles: person.roles,
      ...(person.municipalityId ? { municipalityId: person.municipalityId } : {}),
      ...(person.policeAreaId ? { policeAreaId: person.policeAreaId } : {}),
      createdAt: now,
      lastSeenAt: now,
    };
    this.cookies.write(res, session);
    this.logger.info({ organisation: session.organisation, roles: session.roles, municipalityId: session.municipalityId, policeAreaId: session.policeAreaId }, 'signed in');
    res.redirect(303, startPageOf(person));
  }

  @Post('auth/logout')
  async logout(@Res() res: Response): Promise<void> {
    const session = sessionOf(res);
    this.cookies.clear(res);
    const endSession = session ? await this.idp.endSessionUrl(session.organisation, session.idToken) : undefined;
    res.redirect(303, endSession ?? '/logga-in?orsak=utloggad');
  }

  /** Signed in, but with no page of its own yet (municipal roles, reviewers, admin, no role): what they may see. */
  @Get('inloggad')
  signedIn(@Req() req: Request, @Res() res: Response): void {
    const session = sessionOf(res);
    if (!session) return res.redirect(303, `/logga-in?orsak=${(res.locals['sessionEnded'] as string | undefined) ?? 'kravs'}`);
    const t = translate(res);
    const start = startPageOf(session);
    const paragraphs = session.roles.length ? session.roles.map((r) => t(`auth.mayView.${r}`)) : [t('auth.mayView.none')];
    this.pages.message(req, res, { title: t('auth.signedIn.title'), paragraphs, ...(start !== '/inloggad' ? { link: { href: start, text: t('auth.signedIn.start') } } : {}) });
  }

  private failed(res: Response, why: string): void {
    this.logger.warn({ why }, 'sign-in failed');
    res.redirect(303, '/logga-in?orsak=misslyckades');
  }
}
