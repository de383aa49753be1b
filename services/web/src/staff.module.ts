import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { StaffController } from './http/staff.controller';
import { SharedModule } from './shared.module';

/**
 * The municipality coordinator's pages (StaffController): triage, groups, areas, signs, CSV export and import —
 * open only behind the development guard (`STAFF_DEV_GUARD=allow`) until staff sign-in exists.
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [StaffController],
})
export class StaffModule {}
