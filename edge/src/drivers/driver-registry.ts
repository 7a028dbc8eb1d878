import type { DriverChoice, SnapshotIdentity } from '@fleetward/contracts';
import { EdgeError } from '../common/edge-error';
import type { DriverContext, PrinterDriver, PrinterDriverFactory } from './driver.interface';

export class UnsupportedDeviceError extends EdgeError {
  readonly code = 'UNSUPPORTED_DEVICE';
  override readonly httpStatus = 422;
}

/** Picks a driver per device from its identity; the first factory that can handle it wins (most specific first). */
export class DriverRegistry {
  constructor(private readonly factories: readonly PrinterDriverFactory[]) {
    if (factories.length === 0) throw new Error('DriverRegistry needs at least one driver');
  }

  choose(identity: SnapshotIdentity): { factory: PrinterDriverFactory; choice: DriverChoice } {
    for (const factory of this.factories) {
      const reason = factory.canHandle(identity);
      if (reason !== null) return { factory, choice: { id: factory.id, reason } };
    }
    throw new UnsupportedDeviceError(
      `no driver for ${identity.vendor ?? 'unknown vendor'} ${identity.model ?? ''} (sysObjectID ${identity.sysObjectId ?? 'none'})`.trim(),
    );
  }

  create(context: DriverContext): { driver: PrinterDriver; choice: DriverChoice } {
    const { factory, choice } = this.choose(context.identity);
    return { driver: factory.create(context), choice };
  }

  get ids(): string[] {
    return this.factories.map((f) => f.id);
  }
}
