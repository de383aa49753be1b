/** The time now; a fixed or stepped clock in tests. */
export type Clock = () => Date;

/** The clock of the running service. */
export const systemClock: Clock = () => new Date();

/**
 * Where decisions and changes are recorded for later review. `TWith` is what a service writes in the same write,
 * e.g. `[events: EventEnvelope[]]` for an outbox.
 */
export interface AuditLog<TEntry, TWith extends unknown[] = []> {
  record(entry: TEntry, ...with_: TWith): Promise<void>;
}
