import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { StaffController } from './http/staff.controller';
import { SharedModule } from './shared.module';

/**
 * The municipality coordinator's pages (StaffController): triage, groups, areas, signs, CSV export and import —
 * for a signed-in coordinator of that municipality.
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [StaffController],
})
export class StaffModule {}
