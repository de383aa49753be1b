import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@trygg/service-kit';
import { IssueLink } from './application/issue-link';
import type { Clock } from '@trygg/values';
import {
  CLOCK,
  GROUPS,
  type GroupRepository,
  LINK_SECRET_GENERATOR,
  LINK_TOKENS,
  type LinkSecretGenerator,
  type LinkTokenStore,
  REGISTRATIONS,
  type RegistrationRepository,
} from './application/ports';
import type { EnrolmentConfig } from './config';
import { InternalLinksController } from './http/internal-links.controller';
import { randomLinkSecret } from './infrastructure/randomness';
import { PersistenceModule } from './persistence.module';

/**
 * Links for emails: notifications asks `POST /internal/links` (its own secret, checked by libs/auth's AccessGuard) for a
 * confirmation, self-service or activity-check link; a fresh random secret each time, only its sha256 stored.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [InternalLinksController],
  providers: [
    { provide: LINK_SECRET_GENERATOR, useFactory: () => randomLinkSecret },
    {
      provide: IssueLink,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, LINK_SECRET_GENERATOR, SERVICE_CONFIG, CLOCK],
      useFactory: (registrations: RegistrationRepository, groups: GroupRepository, tokens: LinkTokenStore, secrets: LinkSecretGenerator, config: EnrolmentConfig, clock: Clock) =>
        new IssueLink(registrations, groups, tokens, secrets, config.WEB_PUBLIC_URL, clock),
    },
  ],
})
export class LinksModule {}
