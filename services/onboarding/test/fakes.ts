import type { AuditEntry as TrailEntry, AuditQuery, AuditRecord } from '@trygg/audit';
import type { EventEnvelope } from '@trygg/contracts';
import { ConcurrentModification } from '@trygg/persistence';
import type { ProcessDefinition, SubjectKind } from '../src/domain/definition';
import type { Instance } from '../src/domain/engine';
import { type AuditEntry, type AuditLog, type DefinitionCatalogue, type InstanceRepository, type StoredInstance } from '../src/application/ports';

/** In-memory instances with the same version check as the MongoDB repository. */
export class InMemoryInstances implements InstanceRepository {
  readonly docs = new Map<string, StoredInstance & { nextDueAt: Date | null }>();
  readonly published: EventEnvelope[] = [];
  async find(municipalityId: string, id: string) {
    const doc = this.docs.get(id);
    return doc && doc.instance.municipalityId === municipalityId ? structuredClone(doc) : undefined;
  }
  async findBySubject(municipalityId: string, kind: SubjectKind, subjectId: string) {
    return [...this.docs.values()].find((d) => d.instance.municipalityId === municipalityId && d.instance.kind === kind && d.instance.subject.id === subjectId);
  }
  async insert(instance: Instance, events: EventEnvelope[], nextDueAt: Date | null) {
    await Promise.resolve();
    if (this.docs.has(instance.id)) return false;
    this.docs.set(instance.id, { instance, version: 1, appliedEventIds: [], nextDueAt });
    this.published.push(...events);
    return true;
  }
  async update(instance: Instance, expectedVersion: number, events: EventEnvelope[], nextDueAt: Date | null, appliedEventId?: string) {
    await new Promise((r) => setImmediate(r)); // let racing callers interleave, as a database would (a turn of the event loop, no timer)
    const doc = this.docs.get(instance.id);
    if (!doc || doc.version !== expectedVersion) throw new ConcurrentModification('instance', instance.id);
    this.docs.set(instance.id, { instance, version: expectedVersion + 1, appliedEventIds: appliedEventId ? [...doc.appliedEventIds, appliedEventId] : doc.appliedEventIds, nextDueAt });
    this.published.push(...events);
  }
  async setProtectedIdentity(municipalityId: string, id: string, expectedVersion: number, protectedIdentity: boolean, appliedEventId: string) {
    await new Promise((r) => setImmediate(r));
    const doc = this.docs.get(id);
    if (!doc || doc.instance.municipalityId !== municipalityId || doc.version !== expectedVersion) throw new ConcurrentModification('instance', id);
    this.docs.set(id, { ...doc, instance: { ...doc.instance, protectedIdentity }, version: expectedVersion + 1, appliedEventIds: [...doc.appliedEventIds, appliedEventId] });
  }
  async ofPerson(municipalityId: string, personId: string) {
    return [...this.docs.values()].map((d) => structuredClone(d.instance)).filter((i) => i.municipalityId === municipalityId && i.subject.personId === personId).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
  async idsOfPerson(municipalityId: string, personId: string) {
    return [...this.docs.values()].filter((d) => d.instance.municipalityId === municipalityId && d.instance.subject.personId === personId).map((d) => d.instance.id);
  }
  async due(now: Date) {
    return [...this.docs.values()].filter((d) => d.instance.status === 'running' && d.nextDueAt && d.nextDueAt <= now).map((d) => ({ municipalityId: d.instance.municipalityId, id: d.instance.id }));
  }
  async listByProcess(municipalityId: string, kind: SubjectKind, version: number) {
    return [...this.docs.values()].map((d) => d.instance).filter((i) => i.municipalityId === municipalityId && i.kind === kind && i.processVersion === version);
  }
}

/** Decisions with their events, and a trail of them (the `AuditTrail` records, without the hashes) to query. */
export class InMemoryAudit implements AuditLog {
  readonly entries: Array<{ entry: AuditEntry; events: EventEnvelope[] }> = [];
  /** Views of personal data (`recordView`), in order. */
  readonly views: TrailEntry[] = [];
  async recordView(entry: TrailEntry) {
    this.views.push(entry);
  }
  async record(entry: AuditEntry, events: EventEnvelope[]) {
    if (!this.entries.some((e) => e.entry.id === entry.id)) this.entries.push({ entry, events });
  }
  async has(_m: string, id: string) {
    return this.entries.some((e) => e.entry.id === id);
  }
  async find(query: AuditQuery): Promise<AuditRecord[]> {
    return this.entries
      .map(({ entry }, i): AuditRecord => ({
        _id: i + 1, prevHash: '', hash: '', at: entry.at, actor: entry.by, action: entry.action, subject: { kind: 'onboarding-instance', id: entry.instanceId },
        municipalityId: entry.municipalityId, correlationId: 'c', details: { stepId: entry.stepId },
      }))
      .filter((r) => (query.municipalityId === undefined || r.municipalityId === query.municipalityId) && (query.subjectId === undefined || r.subject.id === query.subjectId) && (query.actorSubject === undefined || r.actor.subject === query.actorSubject))
      .reverse()
      .slice(0, query.limit);
  }
}

export class StaticCatalogue implements DefinitionCatalogue {
  constructor(private readonly byKey: Record<string, ProcessDefinition>) {}
  current(municipalityId: string, kind: SubjectKind) {
    const versions = Object.entries(this.byKey).filter(([k]) => k.startsWith(`${municipalityId}/${kind}/`));
    const last = versions.map(([, d]) => d).sort((a, b) => b.version - a.version)[0];
    return last ? { ok: true as const, definition: last } : { ok: false as const, reason: `no ${kind} process is defined for ${municipalityId}` };
  }
  version(municipalityId: string, kind: SubjectKind, version: number) {
    return this.byKey[`${municipalityId}/${kind}/${version}`];
  }
}
