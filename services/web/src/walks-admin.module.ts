import { Module } from '@nestjs/common';
import { loadMunicipalities, loadVolunteerOrganisations } from '@trygg/municipalities';
import { WALKS_ADMIN_API } from './application/walks-admin-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { WALK_SETTINGS, type WalkSettings, WalksAdminController } from './http/walks-admin.controller';
import { HttpWalksAdminApi } from './infrastructure/http-walks-admin-api';
import { SharedModule } from './shared.module';

/** The walker organisations (municipalities/<id>/volunteers.yaml) and each municipality's clock, read once at start. */
function loadWalkSettings(): WalkSettings {
  const organisations = loadVolunteerOrganisations();
  const municipalities = loadMunicipalities();
  return {
    organisations: (m) => organisations.get(m)?.organisations ?? [],
    timezone: (m) => municipalities.get(m)?.timezone ?? 'Europe/Stockholm',
  };
}

/**
 * The coordinator's walk pages (issue 15, `WalksAdminController` under /<m>/samordnare/vandringar): walks, new walk
 * and series, a walk's page, a walker's training and consent, the monthly report — views of volunteers' staff routes
 * (`WALKS_ADMIN_API`), for a signed-in coordinator of the municipality.
 */
@Module({
  imports: [SharedModule],
  controllers: [WalksAdminController],
  providers: [
    { provide: WALKS_ADMIN_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpWalksAdminApi(config.VOLUNTEERS_URL) },
    { provide: WALK_SETTINGS, useFactory: loadWalkSettings },
  ],
})
export class WalksAdminModule {}
