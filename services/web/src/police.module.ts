import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { PoliceController } from './http/police.controller';
import { SharedModule } from './shared.module';

/** The police officer's pages (PoliceController): the area's pending cases and the decision on one. */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [PoliceController],
})
export class PoliceModule {}
