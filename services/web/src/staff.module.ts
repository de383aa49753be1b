import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { WALKER_ROSTER_API } from './application/walker-roster-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { StaffController } from './http/staff.controller';
import { StaffWalkersController, VOLUNTEER_STEP_TITLES } from './http/staff-walkers.controller';
import { HttpWalkerRosterApi } from './infrastructure/http-walker-roster-api';
import { loadVolunteerStepTitles } from './infrastructure/onboarding-step-titles';
import { SharedModule } from './shared.module';

/**
 * The municipality coordinator's pages (StaffController): triage, groups, areas, signs, CSV export and import, and
 * the walkers by organisation (StaffWalkersController) — for a signed-in coordinator of that municipality.
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [StaffController, StaffWalkersController],
  providers: [
    // The walkers page (StaffWalkersController): volunteers' list, the step titles of the walker onboarding.
    { provide: WALKER_ROSTER_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpWalkerRosterApi(config.VOLUNTEERS_URL) },
    { provide: VOLUNTEER_STEP_TITLES, useFactory: () => loadVolunteerStepTitles() },
  ],
})
export class StaffModule {}
