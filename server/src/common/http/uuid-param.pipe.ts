import { type PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route ids are UUIDs; anything else is a validation error (not a 500 from the database). */
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value))
      throw new ValidationFailedError([{ field: this.field, problems: [`${this.field} must be a UUID`] }]);
    return value.toLowerCase();
  }
}
