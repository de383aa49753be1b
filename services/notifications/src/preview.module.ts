import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@trygg/service-kit';
import { PreviewTemplate } from './application/preview-template';
import { CatalogueModule } from './catalogue.module';
import type { NotificationsConfig } from './config';
import { NotificationCatalogue } from './domain/catalogue';
import { PreviewController } from './http/preview.controller';

/** Any template of a municipality rendered with sample data (`GET /preview/…`): what a recipient would see, SMS segments. */
@Module({
  imports: [CatalogueModule],
  controllers: [PreviewController],
  providers: [
    {
      provide: PreviewTemplate,
      inject: [NotificationCatalogue, SERVICE_CONFIG],
      useFactory: (catalogue: NotificationCatalogue, config: NotificationsConfig) => new PreviewTemplate(catalogue, config.WEB_PUBLIC_URL),
    },
  ],
  exports: [PreviewTemplate],
})
export class PreviewModule {}
