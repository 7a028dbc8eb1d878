/** Base of the bench's own errors, with a stable code like the rest of Fleetward. */
export class BenchError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line options or impossible fleet plans. */
export class BenchUsageError extends BenchError {
  constructor(message: string) {
    super('benchUsage', message);
  }
}

/** A process the bench needs (snmpd, snmp_exporter, the poller) did not start or misbehaved. */
export class BenchSetupError extends BenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('benchSetup', message, options);
  }
}
