import type { mongo } from 'mongoose';
import type { Logger } from 'pino';
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

  async publish(now: Date = new Date()): Promise<void> {
    const accepted: DefinitionFile[] = [];
    for (const f of this.files.definitions) {
      if (this.refused.has(f.municipalityId)) continue;
      const hash = definitionHash(f.definition);
      const id = key(f.municipalityId, f.kind, f.definition.version);
      const existing = await this.collection.findOne({ _id: id, municipalityId: f.municipalityId });
      if (existing && existing.hash !== hash) {
        this.refuse(f.municipalityId, `${f.file}: version: version ${f.definition.version} is already published with other content; a changed process needs a new version number`);
        continue;
      }
      if (!existing) {
        await this.collection.updateOne(
          { _id: id, municipalityId: f.municipalityId },
          { $setOnInsert: { municipalityId: f.municipalityId, kind: f.kind, version: f.definition.version, hash, file: f.file, definition: f.definition, publishedAt: now } },
          { upsert: true },
        );
        this.logger.info({ municipalityId: f.municipalityId, kind: f.kind, version: f.definition.version }, 'published a new process version');
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
