import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { StaffSession } from '../domain/staff-session';
import { MUNICIPALITIES, type Municipalities } from './params';
import { SessionCookies, type SignedInHeader } from './session';

/** The last-seen time is written again at most this often (not on every stylesheet request). */
const TOUCH_AFTER_MS = 60_000;

/**
 * On every request: opens the session cookie. An active session goes to `res.locals.session` (and the header's
 * `signedIn`), its last-seen time written again at most once a minute; an idle or expired one is cleared and
 * `res.locals.sessionEnded` says why (the staff pages then send the person to /logga-in with that message).
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(
    private readonly cookies: SessionCookies,
    @Inject(MUNICIPALITIES) private readonly municipalities: Municipalities,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const now = Date.now();
    const check = this.cookies.read(req, now);
    if (check?.kind === 'active') {
      const session = check.session;
      if (now - session.lastSeenAt >= TOUCH_AFTER_MS) this.cookies.write(res, { ...session, lastSeenAt: now });
      res.locals['session'] = session;
      res.locals['signedIn'] = { name: session.name, roles: session.roles, scope: this.scopeName(session) } satisfies SignedInHeader;
    } else if (check) {
      this.cookies.clear(res);
      res.locals['sessionEnded'] = check.kind === 'idle' ? 'inaktiv' : 'utgangen';
    }
    next();
  }

  private scopeName(session: StaffSession): string | undefined {
    if (session.municipalityId) return this.municipalities.get(session.municipalityId)?.name ?? session.municipalityId;
    if (!session.policeAreaId) return undefined;
    for (const m of this.municipalities.values()) {
      const area = m.policeAreas.find((a) => a.id === session.policeAreaId);
      if (area) return area.name;
    }
    return session.policeAreaId;
  }
}

