import { Module } from '@nestjs/common';
import { IDENTITY_PROVIDER_CLIENT } from './application/sign-in';
import { WEB_CONFIG, type WebConfig } from './config';
import { AuthController } from './http/auth.controller';
import { IDENTITY_PROVIDERS } from './http/session';
import type { IdentityProviders } from './infrastructure/identity-providers';
import { OpenIdClientProvider } from './infrastructure/openid-client-provider';
import { SharedModule } from './shared.module';

/**
 * Staff and police sign-in (AuthController): the organisations' IdPs from `municipalities/<id>/identity.yaml`
 * (`IDENTITY_PROVIDERS`, read at start by SharedModule) and the OpenID Connect relying party (`IDENTITY_PROVIDER_CLIENT`, bound to
 * openid-client; tests replace it with `overrideProvider`).
 */
@Module({
  imports: [SharedModule],
  providers: [
    {
      provide: IDENTITY_PROVIDER_CLIENT,
      inject: [IDENTITY_PROVIDERS, WEB_CONFIG],
      useFactory: (providers: IdentityProviders, config: WebConfig) => new OpenIdClientProvider(providers, config.WEB_PUBLIC_URL),
    },
  ],
  controllers: [AuthController],
})
export class AuthModule {}
