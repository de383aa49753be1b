import type { INestApplication } from '@nestjs/common';
import { TRUSTED_ISSUERS } from '@trygg/auth';
import { createLogger } from '@trygg/observability';
import { offlineApp, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { OnboardingModule } from '../src/app.module';
import { AUDIT_LOG, DEFINITION_CATALOGUE, INSTANCE_REPOSITORY, NEW_ID } from '../src/application/ports';
import type { OnboardingConfig } from '../src/config';
import type { InMemoryAudit, InMemoryInstances, StaticCatalogue } from './fakes';

export interface StaffAppFakes {
  catalogue: StaticCatalogue;
  instances: InMemoryInstances;
  audit: InMemoryAudit;
}

/** The IdPs of ale and trollhattan (TestIssuers) whose staff the offline app trusts; `token` mints an authorization header. */
export class StaffIssuers {
  private constructor(readonly byMunicipality: Record<'ale' | 'trollhattan', TestIssuer>) {}

  static async start(): Promise<StaffIssuers> {
    const [ale, trollhattan] = await Promise.all([TestIssuer.start('/ale'), TestIssuer.start('/trollhattan')]);
    return new StaffIssuers({ ale, trollhattan });
  }

  /** `authorization` header value of a coordinator (or another role) of the municipality. */
  async bearer(municipality: 'ale' | 'trollhattan', sub = `samordnare.${municipality}`, role: keyof typeof TEST_GROUPS = 'coordinator'): Promise<string> {
    return `Bearer ${await this.byMunicipality[municipality].token({ sub, name: `Namn ${sub}`, groups: [TEST_GROUPS[role]] })}`;
  }

  /** The audit subject of a person signed in at the municipality's IdP. */
  subject(municipality: 'ale' | 'trollhattan', sub = `samordnare.${municipality}`): string {
    return `${this.byMunicipality[municipality].issuer}#${sub}`;
  }

  close(): Promise<void> {
    return Promise.all(Object.values(this.byMunicipality).map((i) => i.close())).then(() => undefined);
  }
}

/**
 * The real OnboardingModule (AccessGuard and all) as an HTTP application that never connects (offlineApp), its ports
 * replaced by in-memory fakes, trusting the TestIssuers of `issuers`. Audit entries get ids `id-1`, `id-2`, … per application.
 */
export async function staffApp(fakes: StaffAppFakes, issuers: StaffIssuers): Promise<INestApplication> {
  let n = 0;
  return offlineApp(OnboardingModule.forRoot({ TIMER_INTERVAL_MS: 60_000 } as OnboardingConfig, createLogger('test', 'silent')), (b) =>
    b
      .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers(issuers.byMunicipality))
      .overrideProvider(DEFINITION_CATALOGUE).useValue(fakes.catalogue)
      .overrideProvider(INSTANCE_REPOSITORY).useValue(fakes.instances)
      .overrideProvider(AUDIT_LOG).useValue(fakes.audit)
      .overrideProvider(NEW_ID).useValue(() => `id-${++n}`),
  );
}
