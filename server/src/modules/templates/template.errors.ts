import { BadRequestError, ConflictError, FleetwardError, ForbiddenError, NotFoundError } from '../../common/errors';

export class TemplateNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('TEMPLATE_NOT_FOUND', `Template ${id} does not exist.`);
  }
}

export class TemplateVersionNotFoundError extends NotFoundError {
  constructor(id: string, version: number) {
    super('TEMPLATE_VERSION_NOT_FOUND', `Template ${id} has no version ${version}.`);
  }
}

export class TemplateNameTakenError extends ConflictError {
  constructor(name: string) {
    super('TEMPLATE_NAME_TAKEN', `A template named "${name}" already exists; template names are unique.`);
  }
}

export class TemplatePasswordRequiredError extends ForbiddenError {
  constructor() {
    super(
      'TEMPLATE_PASSWORD_REQUIRED',
      'This template is password-protected: give its password (header x-template-password) to edit or delete it.',
    );
  }
}

export class TemplatePasswordWrongError extends ForbiddenError {
  constructor() {
    super('TEMPLATE_PASSWORD_WRONG', 'The template password is wrong.');
  }
}

/**
 * 429: too many wrong passwords from this user for this template (docs/decisions/0024). Every password check of his
 * on it is refused, right password or not, until `until`. `started`: this request's failure started the lock.
 */
export class TemplatePasswordLockedError extends FleetwardError {
  constructor(
    readonly until: Date,
    now: Date,
    readonly started: boolean,
  ) {
    super({
      code: 'TEMPLATE_PASSWORD_LOCKED',
      status: 429,
      message:
        `Too many wrong passwords for this template: your password checks for it are refused until ` +
        `${until.toISOString()}. Try again after that time.`,
      retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000),
    });
  }
}

export class TemplateServiceSettingsForbiddenError extends ForbiddenError {
  constructor() {
    super(
      'TEMPLATE_SERVICE_SETTINGS_FORBIDDEN',
      'Service templates hold service settings, which Admin Template Management does not cover: changing them ' +
        'also needs Device Management RW and System Management.',
    );
  }
}

export class TemplateDocumentInvalidError extends BadRequestError {
  constructor(message: string) {
    super('TEMPLATE_DOCUMENT_INVALID', `The template document cannot be read: ${message}`);
  }
}

export class TemplateCaptureEmptyError extends BadRequestError {
  constructor() {
    super('TEMPLATE_CAPTURE_EMPTY', 'The device gave no readable setting to capture.');
  }
}

/** Capture reads a device: it also needs Device Management RO (on a device in the caller's groups). */
export class TemplateCaptureNeedsDeviceAccessError extends ForbiddenError {
  constructor() {
    super('PERMISSION_DENIED', 'Capturing a template reads a device: it also needs Device Management RO.');
  }
}
