import { DEVICE_EVENTS_MAX_LIMIT, DEVICE_EVENTS_MAX_WAIT_MS, type DeviceEventsResponse } from '@fleetward/contracts';
import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../api/request.schemas';
import { EdgeTokenGuard } from '../api/token.guard';
import { DeviceEventOutbox } from './device-event-outbox';

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const querySchema = z.object({
  after: z.string().max(64).optional(),
  waitMs: whole(0, DEVICE_EVENTS_MAX_WAIT_MS).optional(),
  limit: whole(1, DEVICE_EVENTS_MAX_LIMIT).optional(),
});

/** The server reads accepted device events and the polls they triggered (long poll with `waitMs`). */
@Controller('api/v1/device-events')
@UseGuards(EdgeTokenGuard)
export class DeviceEventsController {
  constructor(@Inject(DeviceEventOutbox) private readonly outbox: DeviceEventOutbox) {}

  @Get()
  async list(@Query() query: unknown): Promise<DeviceEventsResponse> {
    const q = parseBody(querySchema, query);
    return this.outbox.wait(q.after, q.limit ?? 100, q.waitMs ?? 0);
  }
}
