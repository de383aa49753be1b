import { Body, Controller, Get, HttpException, HttpStatus, Param, Put, Query } from '@nestjs/common';
import { notifications } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { ShowPersonPreferences } from '../application/show-person-preferences';
import { ShowPreferencesByToken } from '../application/show-preferences-by-token';
import { UpdatePersonPreferences } from '../application/update-person-preferences';
import { UpdatePreferencesByToken } from '../application/update-preferences-by-token';
import type { PreferencesView } from '../domain/preferences';

const notFound = () => new HttpException({ statusCode: 404, error: 'not_found', message: 'unknown or expired link' }, HttpStatus.NOT_FOUND);

function found(view: PreferencesView | null): PreferencesView {
  if (!view) throw notFound();
  return view;
}

const PERSON_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The preferences API for the web page "Dina utskick": internal, for the web only (libs/auth's AccessGuard checks
 * `x-internal-caller: web` and its secret INTERNAL_SECRET_WEB_PREFERENCES). By the token of the
 * unsubscribe link (no sign-in), or by person id for the self-service page (the web has the id from enrolment's
 * self-service view). Answers carry no name or address: only the choices and which channels can reach the person.
 */
@Controller('internal')
export class InternalPreferencesController {
  constructor(
    private readonly showByToken: ShowPreferencesByToken,
    private readonly updateByToken: UpdatePreferencesByToken,
    private readonly showPerson: ShowPersonPreferences,
    private readonly updatePerson: UpdatePersonPreferences,
  ) {}

  @Get('preferences/:token')
  async show(@Param('token') token: string): Promise<PreferencesView> {
    return found(await this.showByToken.execute(token));
  }

  @Put('preferences/:token')
  async update(@Param('token') token: string, @Body() body: unknown): Promise<PreferencesView> {
    const input = parseInput(notifications.preferencesInput, body);
    return found(await this.updateByToken.execute(token, input));
  }

  @Get('recipients/:personId/preferences')
  async showForPerson(@Param('personId') personId: string, @Query() query: unknown): Promise<PreferencesView> {
    const { municipalityId } = parseInput(notifications.personPreferencesQuery, query);
    if (!PERSON_ID.test(personId)) throw notFound();
    return found(await this.showPerson.execute(municipalityId, personId));
  }

  @Put('recipients/:personId/preferences')
  async updateForPerson(@Param('personId') personId: string, @Query() query: unknown, @Body() body: unknown): Promise<PreferencesView> {
    const { municipalityId } = parseInput(notifications.personPreferencesQuery, query);
    const input = parseInput(notifications.preferencesInput, body);
    if (!PERSON_ID.test(personId)) throw notFound();
    return found(await this.updatePerson.execute(municipalityId, personId, input));
  }
}
