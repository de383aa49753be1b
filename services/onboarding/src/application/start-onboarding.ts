import type { Logger } from 'pino';
import type { SubjectKind } from '../domain/definition';
import { nextDueAt, startInstance, type Instance, type SubjectFields } from '../domain/engine';
import { type Cause, instanceIdFor, toEnvelopes } from './events';
import { type Clock, systemClock } from '@trygg/values';
import type { DefinitionCatalogue, InstanceRepository } from './ports';

export interface StartCommand {
  municipalityId: string;
  kind: SubjectKind;
  subjectId: string;
  personId: string;
  subjectFields: SubjectFields;
  /** From the starting event: the subject has protected identity (skyddad identitet); absent: not protected. */
  protectedIdentity?: boolean;
  policeAreaId: string | null;
}

export class NoProcess extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoProcess';
  }
}

/** A "start onboarding" fact arrived (nomination, member joined, volunteer signed up): start the current version. */
export class StartOnboarding {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(command: StartCommand, cause: Cause): Promise<Instance | undefined> {
    const current = this.catalogue.current(command.municipalityId, command.kind);
    if (!current.ok) throw new NoProcess(current.reason);
    const now = this.clock();
    const instanceId = instanceIdFor(command.municipalityId, command.kind, command.subjectId);
    const { instance, emits } = startInstance(
      current.definition,
      {
        instanceId,
        municipalityId: command.municipalityId,
        subject: { kind: command.kind, id: command.subjectId, personId: command.personId },
        subjectFields: command.subjectFields,
        protectedIdentity: command.protectedIdentity ?? false,
        policeAreaId: command.policeAreaId,
      },
      now,
    );
    // The instance id is derived from the subject: of racing starts, the database lets one insert win.
    const inserted = await this.instances.insert(instance, toEnvelopes(instance, emits, cause, now), nextDueAt(current.definition, instance));
    if (!inserted) {
      this.logger.info({ instanceId, subjectId: command.subjectId }, 'onboarding already started for this subject; nothing to do');
      return undefined;
    }
    this.logger.info({ instanceId, processVersion: instance.processVersion, kind: command.kind }, 'onboarding started');
    return instance;
  }
}
