/** Base of every simulator error: a stable machine-readable `code` and a human message. */
export class SimulatorError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** Options given to `startSimulator` or the CLI are wrong. */
export class SimulatorOptionsError extends SimulatorError {
  constructor(message: string) {
    super('SIM_BAD_OPTIONS', message);
  }
}

/** No simulated device serves the given address. */
export class DeviceNotFoundError extends SimulatorError {
  constructor(address: string) {
    super('SIM_DEVICE_NOT_FOUND', `No simulated device at ${address}`);
  }
}

/** A fault name or its options are not understood by the model. */
export class UnknownFaultError extends SimulatorError {
  constructor(fault: string, detail?: string) {
    super('SIM_UNKNOWN_FAULT', detail ? `Fault ${fault}: ${detail}` : `Unknown fault: ${fault}`);
  }
}

/** A print request the model refuses (bad page count, unknown colour option). */
export class InvalidPrintRequestError extends SimulatorError {
  constructor(message: string) {
    super('SIM_BAD_PRINT_REQUEST', message);
  }
}
