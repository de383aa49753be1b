import { Module } from '@nestjs/common';
import { FINDING_STORE, type FindingStore, ROUND_AUDIT, ROUND_STORE, type RoundAudit, type RoundStore } from './application/round-ports';
import { WALK_RULES, WALK_STORE, type WalkRules, type WalkStore } from './application/ports';
import { FINDING_INSERTS, type FindingInserts, PromoteUnsafePlace, RoundFollowUp, ShowMonthReport } from './application/walk-reports';
import { WalkReportsController } from './http/walk-reports.controller';
import { MongoFindingStore } from './infrastructure/mongo-rounds';
import { RoundsModule } from './rounds.module';
import { WalkersModule } from './walkers.module';

/**
 * The walks' monthly report (coordinator and read-only roles), promoting a reported unsafe place to a round's
 * finding, and a round's follow-up: over the walks' and the rounds' stores (exported by their modules).
 */
@Module({
  imports: [WalkersModule, RoundsModule],
  controllers: [WalkReportsController],
  providers: [
    { provide: FINDING_INSERTS, useExisting: MongoFindingStore },
    { provide: ShowMonthReport, inject: [WALK_STORE, WALK_RULES], useFactory: (walks: WalkStore, rules: WalkRules) => new ShowMonthReport(walks, rules) },
    {
      provide: PromoteUnsafePlace,
      inject: [WALK_STORE, ROUND_STORE, FINDING_INSERTS, ROUND_AUDIT],
      useFactory: (walks: WalkStore, rounds: RoundStore, findings: FindingInserts, audit: RoundAudit) => new PromoteUnsafePlace(walks, rounds, findings, audit),
    },
    { provide: RoundFollowUp, inject: [ROUND_STORE, FINDING_STORE, ROUND_AUDIT], useFactory: (rounds: RoundStore, findings: FindingStore, audit: RoundAudit) => new RoundFollowUp(rounds, findings, audit) },
  ],
})
export class WalkReportsModule {}
