import { type Logger } from '@trygg/observability';
import { type BeforeInfrastructureShutdown, Housekeeping, type OnInfrastructureReady } from '@trygg/service-kit';
import type { CheckTimers } from '../application/check-timers';

/**
 * The periodic check of reminders and timeouts (CheckTimers, every TIMER_INTERVAL_MS) on service-kit's Housekeeping
 * timer: started once MongoDB and Kafka are connected (idempotent, so a start-up retried after an outage changes
 * nothing), stopped at shutdown. One round at a time; a failing round is logged and tried again next time.
 */
export class TimerHousekeeping implements OnInfrastructureReady, BeforeInfrastructureShutdown {
  private readonly housekeeping: Housekeeping;

  constructor(timers: CheckTimers, intervalMs: number, logger: Logger) {
    this.housekeeping = new Housekeeping({ 'check-timers': () => timers.runOnce() }, intervalMs, logger);
  }

  onInfrastructureReady(): void {
    this.housekeeping.start();
  }

  beforeInfrastructureShutdown(): void {
    this.housekeeping.stop();
  }
}
