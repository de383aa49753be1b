import { Module } from '@nestjs/common';
import { AssetsController } from './http/assets.controller';
import { FallbackController } from './http/fallback.controller';
import { SharedModule } from './shared.module';

/**
 * The stylesheet and each municipality's brand colours (AssetsController), and the 404 page for any other path
 * (FallbackController, a catch-all route). Import it last: its catch-all must be registered after every other
 * route, the health endpoints included.
 */
@Module({
  imports: [SharedModule],
  controllers: [AssetsController, FallbackController],
})
export class AssetsModule {}
