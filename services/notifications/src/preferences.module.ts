import { Module } from '@nestjs/common';
import { INTERNAL_API_TOKEN, InternalTokenGuard, SERVICE_CONFIG } from '@trygg/service-kit';
import { ManagePreferences } from './application/manage-preferences';
import { RECIPIENT_STORE, type RecipientStore, UNSUBSCRIBE_GRANTS, type UnsubscribeGrants } from './application/ports';
import { UnsubscribeLinks } from './application/unsubscribe-links';
import { type NotificationsConfig, notificationsPublicUrl } from './config';
import { InternalPreferencesController } from './http/preferences.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import { StoresModule } from './stores.module';

/**
 * A person's choices of channels and categories: the unsubscribe link every non-transactional message carries
 * (minted by the workers, `UnsubscribeLinks`), its one-click URL (UnsubscribeController) and the internal API behind
 * the web page "Dina utskick" (InternalPreferencesController, guarded by the internal token).
 */
@Module({
  imports: [StoresModule],
  controllers: [InternalPreferencesController, UnsubscribeController],
  providers: [
    {
      provide: UnsubscribeLinks,
      inject: [UNSUBSCRIBE_GRANTS, RECIPIENT_STORE, SERVICE_CONFIG],
      useFactory: (grants: UnsubscribeGrants, recipients: RecipientStore, config: NotificationsConfig) =>
        new UnsubscribeLinks(grants, recipients, { notifications: notificationsPublicUrl(config), web: config.WEB_PUBLIC_URL }, config.UNSUBSCRIBE_VALID_DAYS),
    },
    {
      provide: ManagePreferences,
      inject: [UnsubscribeLinks, RECIPIENT_STORE],
      useFactory: (links: UnsubscribeLinks, recipients: RecipientStore) => new ManagePreferences(links, recipients),
    },
    { provide: INTERNAL_API_TOKEN, inject: [SERVICE_CONFIG], useFactory: (config: NotificationsConfig) => config.INTERNAL_API_TOKEN },
    InternalTokenGuard,
  ],
  exports: [UnsubscribeLinks],
})
export class PreferencesModule {}
