/**
 * Wires the machine measurements (node-machine.ts) to the node status
 * reporter of a real node: capacity and OS info once at start, pressure,
 * resources and the runtime's images at every status tick.
 */
import type { ContainerRuntime } from '../runtime/types.ts';
import { machineResources, nodeImages, osInfo, pressureOf, sampleMachine } from './node-machine.ts';
import type { NodeMeasurement } from './node-status.ts';

/** What a real node reports about its machine. */
export interface MachineProbe {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  osImage: string;
  kernelVersion: string;
  measure(): Promise<NodeMeasurement>;
}

/** Measure once now; `measure` samples again. */
export async function machineProbe(dir: string, runtime: ContainerRuntime): Promise<MachineProbe> {
  const first = await sampleMachine(dir);
  const os = await osInfo();
  return {
    ...machineResources(first),
    ...os,
    async measure() {
      const s = await sampleMachine(dir);
      return { pressure: pressureOf(s), ...machineResources(s), images: nodeImages(await runtime.listImages()) };
    },
  };
}
