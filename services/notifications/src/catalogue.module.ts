import { Module } from '@nestjs/common';
import { defaultMunicipalitiesDir, loadMunicipalities } from '@trygg/municipalities';
import { NotificationCatalogue } from './domain/catalogue';
import { loadNotificationCatalogue } from './infrastructure/catalogue-loader';

/**
 * Which event sends what to whom: the validated rules, templates and mailboxes of every municipality (defaults/ merged
 * with municipalities/<id>/notifications/). Loaded once at start; bad rules or templates stop the start, naming the
 * file and the reason.
 */
@Module({
  providers: [
    {
      provide: NotificationCatalogue,
      useFactory: () => loadNotificationCatalogue({ municipalities: loadMunicipalities(), municipalitiesDir: defaultMunicipalitiesDir() }),
    },
  ],
  exports: [NotificationCatalogue],
})
export class CatalogueModule {}
