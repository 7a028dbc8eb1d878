/** The device simulator (test/simulator) as the bench uses it: the slow and lossy fleet. */
export { startSimulator, type DeviceView, type Simulator } from '../../test/simulator/src';
