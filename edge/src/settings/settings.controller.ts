import type {
  SettingsApplyResponse,
  SettingsCapabilitiesResponse,
  SettingsReadResponse,
  SettingsTarget,
} from '@fleetward/contracts';
import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { EDGE_CONFIG, SETTINGS_SERVICE } from '../api/edge.tokens';
import { parseBody, settingsApplySchema, settingsCapabilitiesSchema, settingsReadSchema } from '../api/request.schemas';
import { EdgeTokenGuard } from '../api/token.guard';
import type { EdgeConfig } from '../config/env.schema';
import type { SettingsService } from './settings.service';

/** POST /api/v1/settings/capabilities | read | apply (libs/contracts/src/edge/settings-api.ts). */
@Controller('api/v1/settings')
@UseGuards(EdgeTokenGuard)
export class SettingsController {
  constructor(
    @Inject(EDGE_CONFIG) private readonly config: EdgeConfig,
    @Inject(SETTINGS_SERVICE) private readonly settings: SettingsService,
  ) {}

  @Post('capabilities')
  @HttpCode(200)
  capabilities(@Body() body: unknown): Promise<SettingsCapabilitiesResponse> {
    const { target } = parseBody(settingsCapabilitiesSchema, body);
    return this.settings.capabilities(this.withDefaults(target));
  }

  @Post('read')
  @HttpCode(200)
  read(@Body() body: unknown): Promise<SettingsReadResponse> {
    const { target, keys } = parseBody(settingsReadSchema, body);
    return this.settings.read(this.withDefaults(target), keys);
  }

  @Post('apply')
  @HttpCode(200)
  apply(@Body() body: unknown): Promise<SettingsApplyResponse> {
    const request = parseBody(settingsApplySchema, body);
    return this.settings.apply({ ...request, target: this.withDefaults(request.target) });
  }

  private withDefaults(t: SettingsTarget): SettingsTarget {
    return {
      ...t,
      timeoutMs: t.timeoutMs ?? this.config.poll.timeoutMs,
      retries: t.retries ?? this.config.poll.retries,
    };
  }
}
