import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventEnvelope, subscriptions } from '@trygg/contracts';
import { NotifyOnEvent } from '../application/notify-on-event';
import { RecordRecipientFacts } from '../application/record-recipient-facts';
import { SendRequestedAreaMessage } from '../application/send-requested-area-message';

/**
 * Every event of the contract registry (libs/contracts subscriptions.ts): each has a default rule or a written reason
 * for none (defaults/no-rule.yaml), and a municipality may add a rule to any of them as data. Thin: what the event
 * tells about people first (contact details, groups, erasure), then the municipality's rules. An event with neither
 * a fact nor a rule in any municipality is acknowledged without touching the database. An officer's area message
 * (police.area-message-requested.v1) becomes a broadcast (SendRequestedAreaMessage).
 */
@Controller()
export class NotificationEventsController {
  constructor(
    private readonly facts: RecordRecipientFacts,
    private readonly notify: NotifyOnEvent,
    private readonly areaMessages: SendRequestedAreaMessage,
  ) {}

  @EventPattern([...subscriptions.notifications])
  async onEvent(@Payload() event: EventEnvelope): Promise<void> {
    await this.facts.execute(event);
    await this.notify.execute(event);
    await this.areaMessages.execute(event);
  }
}
