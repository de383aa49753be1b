import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
import { isDuplicateKeyError } from '@trygg/persistence';
import type { DefinitionCatalogue } from '../application/ports';
import { definitionHash, type ProcessDefinition, type SubjectKind } from '../domain/definition';
import type { DefinitionFile, MunicipalityProblem } from './definition-files';

export const DEFINITIONS_COLLECTION = 'definitions';

/** One published version of a process: never changed once stored. */
interface PublishedDefinition {
  _id: string;
  municipalityId: string;
  kind: SubjectKind;
  version: number;
  hash: string;
  file: string;
  definition: ProcessDefinition;
  publishedAt: Date;
}

const key = (m: string, kind: string, version: number) => `${m}/${kind}/v${version}`;

/**
 * The definitions in force. On start, each file's (municipality, kind, version) is published: stored with its hash
 * the first time; a file whose content changed under a version already published refuses its municipality.
 * Every published version stays loadable, so instances finish on the version they started on.
 */
export class MongoDefinitionCatalogue implements DefinitionCatalogue {
  private readonly currentByKey = new Map<string, ProcessDefinition>();
  private readonly versions = new Map<string, ProcessDefinition>();
  private readonly refused = new Map<string, string[]>();

  constructor(
    private readonly collection: mongo.Collection<PublishedDefinition>,
    private readonly files: { definitions: DefinitionFile[]; problems: MunicipalityProblem[] },
    private readonly logger: Logger,
  ) {
    for (const p of files.problems) this.refuse(p.municipalityId, `${p.file}: ${p.path}: ${p.reason}`);
  }

  /** Called by ServiceLifecycle once MongoDB is connected (again after an outage: publishing is idempotent). */
  onInfrastructureReady(): Promise<void> {
    return this.publish();
  }

  async publish(now: Date = new Date()): Promise<void> {
    const accepted: DefinitionFile[] = [];
    for (const f of this.files.definitions) {
      if (this.refused.has(f.municipalityId)) continue;
      const hash = definitionHash(f.definition);
      const id = key(f.municipalityId, f.kind, f.definition.version);
      const stored = await this.publishOnce({ _id: id, municipalityId: f.municipalityId, kind: f.kind, version: f.definition.version, hash, file: f.file, definition: f.definition, publishedAt: now });
      if (stored.hash !== hash) {
        this.refuse(f.municipalityId, `${f.file}: version: version ${f.definition.version} is already published with other content; a changed process needs a new version number`);
        continue;
      }
      accepted.push(f);
    }
    for (const f of accepted) {
      if (!this.refused.has(f.municipalityId)) this.currentByKey.set(`${f.municipalityId}/${f.kind}`, f.definition);
    }
    for (const doc of await this.collection.find({}).toArray()) {
      if (!this.refused.has(doc.municipalityId)) this.versions.set(doc._id, doc.definition);
    }
  }

  /**
   * The version as stored: the one already there, else this one, inserted. Two instances starting at once both try
   * to insert; the loser's unique `_id` violation means the other one published it, and its copy is the one in force.
   */
  private async publishOnce(candidate: PublishedDefinition): Promise<PublishedDefinition> {
    const scope = { _id: candidate._id, municipalityId: candidate.municipalityId };
    const existing = await this.collection.findOne(scope);
    if (existing) return existing;
    try {
      await this.collection.insertOne(candidate);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.collection.findOne(scope);
      if (winner) return winner;
      throw error;
    }
    this.logger.info({ municipalityId: candidate.municipalityId, kind: candidate.kind, version: candidate.version }, 'published a new process version');
    return candidate;
  }

  current(municipalityId: string, kind: SubjectKind): { ok: true; definition: ProcessDefinition } | { ok: false; reason: string } {
    const refused = this.refused.get(municipalityId);
    if (refused) return { ok: false, reason: `municipality ${municipalityId} is refused: ${refused.join('; ')}` };
    const definition = this.currentByKey.get(`${municipalityId}/${kind}`);
    return definition ? { ok: true, definition } : { ok: false, reason: `no ${kind} process is defined for ${municipalityId}` };
  }

  version(municipalityId: string, kind: SubjectKind, version: number): ProcessDefinition | undefined {
    if (this.refused.has(municipalityId)) return undefined;
    return this.versions.get(key(municipalityId, kind, version));
  }

  /** What runs and what was refused, with reasons (GET /processes). */
  overview() {
    return {
      processes: [...this.currentByKey].map(([k, d]) => ({ process: k, currentVersion: d.version, steps: d.steps.map((s) => ({ id: s.id, type: s.type })) })),
      refused: [...this.refused].map(([municipalityId, problems]) => ({ municipalityId, problems })),
    };
  }

  private refuse(municipalityId: string, problem: string): void {
    this.refused.set(municipalityId, [...(this.refused.get(municipalityId) ?? []), problem]);
    this.logger.error({ municipalityId, problem }, 'municipality refused: invalid onboarding definition');
  }
}
