import { Module } from '@nestjs/common';
import { START_MEETING_API } from './application/start-meeting-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { StartMeetingRsvpController } from './http/start-meeting-rsvp.controller';
import { StartMeetingStaffController } from './http/start-meeting-staff.controller';
import { HttpStartMeetingApi } from './infrastructure/http-start-meeting-api';
import { SharedModule } from './shared.module';

/**
 * Start meetings (uppstartsmöte): the member's yes/no page from the invitation's link (StartMeetingRsvpController,
 * a view of police-liaison's RSVP link routes, `START_MEETING_API`), and the officer's and coordinator's page to
 * propose, change, cancel and record attendance (StartMeetingStaffController).
 */
@Module({
  imports: [SharedModule],
  controllers: [StartMeetingRsvpController, StartMeetingStaffController],
  providers: [{ provide: START_MEETING_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpStartMeetingApi(config.POLICE_LIAISON_URL) }],
})
export class StartMeetingsModule {}
