import { DATE_FORMATS, type DateFormat, type DisplaySettings } from '@fleetward/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

export class DisplaySettingsDto implements DisplaySettings {
  @ApiProperty({ enum: DATE_FORMATS })
  @IsIn(DATE_FORMATS)
  dateFormat!: DateFormat;

  @ApiProperty({ enum: ['HH:mm', 'h:mm a'] })
  @IsIn(['HH:mm', 'h:mm a'])
  timeFormat!: 'HH:mm' | 'h:mm a';
}
