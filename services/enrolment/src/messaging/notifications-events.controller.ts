import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactReachabilityChangedV1, type EventOf } from '@trygg/contracts';
import { RecordEmailReachability } from '../application/record-email-reachability';

/** Notifications' events. Thin: translate and delegate. An unknown (e.g. erased) person is ignored, not dead-lettered. */
@Controller()
export class NotificationsEventsController {
  constructor(private readonly record: RecordEmailReachability) {}

  @EventPattern(ContactReachabilityChangedV1.type)
  async contactReachabilityChanged(@Payload() event: EventOf<typeof ContactReachabilityChangedV1>): Promise<void> {
    await this.record.execute({
      municipalityId: event.municipalityId,
      personId: event.payload.personId,
      working: event.payload.reachable,
      changedAt: new Date(event.payload.changedAt),
    });
  }
}
