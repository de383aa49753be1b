import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceBaseConfig } from '@trygg/config';
import { EventConsumer, InboxStore, OutboxAggregateCollection, OutboxRelay } from '@trygg/messaging';
import { loadMunicipalities } from '@trygg/municipalities';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { ApplyOnboardingOutcome } from './application/apply-onboarding-outcome';
import { EraseVolunteer } from './application/erase-volunteer';
import { KNOWN_MUNICIPALITIES } from './application/ports';
import { SignUp } from './application/sign-up';
import type { Volunteer } from './domain/volunteer';
import { MongoVolunteerStore, VOLUNTEERS_COLLECTION } from './infrastructure/mongo-volunteers';
import { STAFF_DEV_GUARD } from './http/dev-staff';
import { VolunteersController } from './http/volunteers.controller';
import { eventHandlers } from './messaging/event-handlers';

/**
 * Trygghetsvandrare / nattvandrare. So far: sign-up (which starts the municipality's volunteer onboarding by event
 * and gives notifications the walker's contact details), the walker's status when onboarding ends, and erasure. Walks, bookings, reports and safety rounds come with their issue.
 */
@Module({})
export class VolunteersModule {
  static forRoot(config: ServiceBaseConfig & { CONSUMER_GROUP?: string; STAFF_DEV_GUARD?: 'allow' | 'deny' }, logger: Logger): DynamicModule {
    const municipalities = loadMunicipalities();
    const infra = createInfrastructure('volunteers', config, logger);
    const db = infra.mongo.connection;
    const collection = db.collection(VOLUNTEERS_COLLECTION) as never;
    const relay = new OutboxRelay(collection, infra.kafka.publisher, logger);
    const known = { exists: (id: string) => municipalities.has(id) };
    const store = new MongoVolunteerStore(new OutboxAggregateCollection<Volunteer>(collection, relay));
    const staffGuard = config.STAFF_DEV_GUARD ?? 'deny';
    if (staffGuard === 'allow') logger.warn('STAFF_DEV_GUARD=allow: the staff API trusts the x-dev-staff-municipality header (development only)');
    const inbox = new InboxStore(db.collection('inbox') as never);
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP ?? 'volunteers',
      handlers: eventHandlers(new ApplyOnboardingOutcome(store)),
      inbox,
      publisher: infra.kafka.publisher,
      logger,
    });
    return {
      module: VolunteersModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [consumer],
          afterConnect: async () => {
            await inbox.ensureIndexes();
            relay.start();
            await consumer.start();
          },
          beforeShutdown: async () => {
            relay.stop();
            await consumer.stop();
          },
        }),
      ],
      controllers: [VolunteersController],
      providers: [
        { provide: SignUp, useValue: new SignUp(store, known) },
        { provide: EraseVolunteer, useValue: new EraseVolunteer(store) },
        { provide: STAFF_DEV_GUARD, useValue: staffGuard },
        { provide: KNOWN_MUNICIPALITIES, useValue: known },
      ],
    };
  }
}
