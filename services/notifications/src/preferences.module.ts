import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@trygg/service-kit';
import { MESSAGE_STORE, type MessageStore, RECIPIENT_STORE, type RecipientStore, UNSUBSCRIBE_GRANTS, type UnsubscribeGrants } from './application/ports';
import { ShowPersonalData } from './application/show-personal-data';
import { ShowPersonPreferences } from './application/show-person-preferences';
import { ShowPreferencesByToken } from './application/show-preferences-by-token';
import { Unsubscribe } from './application/unsubscribe';
import { UnsubscribeLinks } from './application/unsubscribe-links';
import { UpdatePersonPreferences } from './application/update-person-preferences';
import { UpdatePreferencesByToken } from './application/update-preferences-by-token';
import { type NotificationsConfig, notificationsPublicUrl } from './config';
import { PersonalDataController } from './http/personal-data.controller';
import { InternalPreferencesController } from './http/preferences.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import { StoresModule } from './stores.module';

/**
 * A person's choices of channels and categories: the unsubscribe link every non-transactional message carries
 * (minted by the workers, `UnsubscribeLinks`), its one-click URL (UnsubscribeController) and the internal API behind
 * the web page "Dina utskick" (InternalPreferencesController: internal, the web's secret, checked by libs/auth's AccessGuard);
 * and everything held about a person for "Mina uppgifter" (PersonalDataController, internal, the web's own secret).
 */
@Module({
  imports: [StoresModule],
  controllers: [InternalPreferencesController, UnsubscribeController, PersonalDataController],
  providers: [
    {
      provide: UnsubscribeLinks,
      inject: [UNSUBSCRIBE_GRANTS, SERVICE_CONFIG],
      useFactory: (grants: UnsubscribeGrants, config: NotificationsConfig) =>
        new UnsubscribeLinks(grants, { notifications: notificationsPublicUrl(config), web: config.WEB_PUBLIC_URL }, config.UNSUBSCRIBE_VALID_DAYS),
    },
    {
      provide: ShowPreferencesByToken,
      inject: [UnsubscribeLinks, RECIPIENT_STORE],
      useFactory: (links: UnsubscribeLinks, recipients: RecipientStore) => new ShowPreferencesByToken(links, recipients),
    },
    {
      provide: UpdatePreferencesByToken,
      inject: [UnsubscribeLinks, RECIPIENT_STORE],
      useFactory: (links: UnsubscribeLinks, recipients: RecipientStore) => new UpdatePreferencesByToken(links, recipients),
    },
    {
      provide: ShowPersonalData,
      inject: [RECIPIENT_STORE, MESSAGE_STORE],
      useFactory: (recipients: RecipientStore, messages: MessageStore) => new ShowPersonalData(recipients, messages),
    },
    { provide: ShowPersonPreferences, inject: [RECIPIENT_STORE], useFactory: (recipients: RecipientStore) => new ShowPersonPreferences(recipients) },
    { provide: UpdatePersonPreferences, inject: [RECIPIENT_STORE], useFactory: (recipients: RecipientStore) => new UpdatePersonPreferences(recipients) },
    { provide: Unsubscribe, inject: [UnsubscribeLinks, RECIPIENT_STORE], useFactory: (links: UnsubscribeLinks, recipients: RecipientStore) => new Unsubscribe(links, recipients) },
  ],
  exports: [UnsubscribeLinks],
})
export class PreferencesModule {}
