import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { defaultMunicipalitiesDir } from '@trygg/municipalities';
import { type Logger, LOGGER } from '@trygg/observability';
import { collectionProvider } from '@trygg/service-kit';
import { DEFINITION_CATALOGUE } from './application/ports';
import { DEFINITIONS_COLLECTION, MongoDefinitionCatalogue } from './infrastructure/definition-catalogue';
import { type DefinitionFile, type MunicipalityProblem, readDefinitionFiles } from './infrastructure/definition-files';

const DEFINITIONS = Symbol('definitions collection');
const DEFINITION_FILES = Symbol('definition files');

/**
 * The process definitions: every municipality's files, read and validated when the application is built (before
 * anything connects; a municipality with an invalid file is refused), published to the catalogue once MongoDB is
 * connected (MongoDefinitionCatalogue.onInfrastructureReady), then in force for starts and answers (DEFINITION_CATALOGUE).
 */
@Module({
  providers: [
    { provide: DEFINITION_FILES, useFactory: () => readDefinitionFiles(defaultMunicipalitiesDir()) },
    collectionProvider(DEFINITIONS, DEFINITIONS_COLLECTION),
    {
      provide: MongoDefinitionCatalogue,
      inject: [DEFINITIONS, DEFINITION_FILES, LOGGER],
      useFactory: (definitions: mongo.Collection, files: { definitions: DefinitionFile[]; problems: MunicipalityProblem[] }, logger: Logger) =>
        new MongoDefinitionCatalogue(definitions as never, files, logger),
    },
    { provide: DEFINITION_CATALOGUE, useExisting: MongoDefinitionCatalogue },
  ],
  exports: [MongoDefinitionCatalogue, DEFINITION_CATALOGUE],
})
export class ProcessDefinitionsModule {}
