import type { Request, Response } from 'express';
import type { FieldError } from '../domain/form-input';
import { type Language, type Translate, translator } from '../i18n';
import type { BrandedMunicipality } from '../infrastructure/branded-municipalities';
import type { Views } from './views';

/** Per-request values the middleware puts on `res.locals`. */
export interface WebLocals {
  lang: Language;
  csrfToken: string;
}

export function localsOf(res: Response): WebLocals {
  return { lang: res.locals['lang'] === 'en' ? 'en' : 'sv', csrfToken: String(res.locals['csrfToken'] ?? '') };
}

export function translate(res: Response): Translate {
  return translator(localsOf(res).lang);
}

export interface ShownError {
  field: string;
  text: string;
}

export function shownErrors(t: Translate, errors: FieldError[]): ShownError[] {
  return errors.map((e) => ({ field: e.field, text: t(e.key) }));
}

export interface PageOptions {
  status?: number;
  municipality?: BrandedMunicipality;
  errors?: ShownError[];
  staffNavigation?: Array<{ text: string; href: string; current?: boolean }>;
  /** The service name and link of a staff page that belongs to no municipality (the police pages). */
  staffHome?: { text: string; href: string };
}

/** The header's "signed in as …, role, municipality or police area" with the logout button (from SessionMiddleware). */
function signedInLine(res: Response, t: Translate): { text: string } | undefined {
  const who = res.locals['signedIn'] as { name: string; roles: readonly string[]; scope?: string } | undefined;
  if (!who) return undefined;
  const roles = who.roles.length ? who.roles.map((r) => t(`auth.role.${r}`)).join(', ') : t('auth.role.none');
  return { text: who.scope ? t('auth.header.signedInScoped', { name: who.name, roles, scope: who.scope }) : t('auth.header.signedIn', { name: who.name, roles }) };
}

/**
 * Renders a page with what every page needs: language and its switch (keeping the page), the municipality's
 * branding, the CSRF token for its forms, the error summary. HTML is never cached (it may carry a token).
 */
export class Pages {
  constructor(
    private readonly views: Views,
    private readonly assetVersion: string,
  ) {}

  render(req: Request, res: Response, template: string, data: Record<string, unknown>, options: PageOptions = {}): void {
    const { lang, csrfToken } = localsOf(res);
    const errors = options.errors ?? [];
    const t = translator(lang);
    const html = this.views.render(template, {
      ...data,
      lang,
      t,
      signedIn: signedInLine(res, t),
      csrfToken,
      assetVersion: this.assetVersion,
      municipality: options.municipality,
      staffPage: !!options.staffNavigation,
      staffNavigation: options.staffNavigation,
      staffHome: options.staffHome,
      langLinks: { sv: `${req.path}?lang=sv`, en: `${req.path}?lang=en` },
      errors: Object.fromEntries(errors.map((e) => [e.field, e.text]).reverse()),
      errorList: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
    });
    res.status(options.status ?? 200);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.send(html);
  }

  /** A simple page: title, paragraphs, an optional link; used for outcomes and errors. */
  message(
    req: Request,
    res: Response,
    content: { title: string; paragraphs: string[]; heading?: string; panel?: boolean; link?: { href: string; text: string } },
    options: PageOptions = {},
  ): void {
    this.render(req, res, 'message.njk', content, options);
  }
}
