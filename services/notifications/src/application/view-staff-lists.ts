import type { AuditActor } from '@trygg/audit';
import type { OutgoingMessage } from '../domain/message';
import type { MessageSearch, MessageStore, Recipient, RecipientStore, StaffViewAudit } from './ports';

/** The signed-in coordinator looking at a list of their municipality (the audit record's actor). */
export interface ListViewer {
  readonly actor: AuditActor;
  readonly correlationId: string;
}

/** At most this many unreachable recipients in one answer. */
export const UNREACHABLE_PAGE = 500;

/**
 * Who of the municipality cannot be reached by email (hard bounce): names, so each view is audited
 * (`unreachable-viewed`, the coordinator as actor, subject the municipality's list, the number of rows).
 */
export class ViewUnreachableRecipients {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly audit: StaffViewAudit,
  ) {}

  async execute(municipalityId: string, viewer: ListViewer): Promise<Recipient[]> {
    const found = await this.recipients.unreachable(municipalityId, UNREACHABLE_PAGE);
    await this.audit.record({ actor: viewer.actor, action: 'unreachable-viewed', subject: { kind: 'list', id: municipalityId }, municipalityId, correlationId: viewer.correlationId, details: { rows: found.length } });
    return found;
  }
}

/**
 * The municipality's delivery log: who (recipient id) got which message when, with provider errors, so each search
 * is audited (`messages-viewed`, the coordinator as actor, subject the municipality's list, the number of rows).
 */
export class SearchMessageLog {
  constructor(
    private readonly messages: MessageStore,
    private readonly audit: StaffViewAudit,
  ) {}

  async execute(query: MessageSearch, viewer: ListViewer): Promise<OutgoingMessage[]> {
    const found = await this.messages.search(query);
    const municipalityId = query.municipalityId;
    await this.audit.record({ actor: viewer.actor, action: 'messages-viewed', subject: { kind: 'list', id: municipalityId }, municipalityId, correlationId: viewer.correlationId, details: { rows: found.length } });
    return found;
  }
}
