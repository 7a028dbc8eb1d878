/** Display formats (SPEC §3, System Management). Read by every signed-in user. */
export interface DisplaySettings {
  /** One of DATE_FORMATS. */
  dateFormat: DateFormat;
  /** 24-hour (`HH:mm`) or 12-hour (`h:mm a`) clock. */
  timeFormat: 'HH:mm' | 'h:mm a';
}

export const DATE_FORMATS = ['yyyy-MM-dd', 'dd/MM/yyyy', 'MM/dd/yyyy', 'yyyy/MM/dd', 'dd.MM.yyyy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
