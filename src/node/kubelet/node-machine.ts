/**
 * What a real node measures about its machine (issue 6 item 7): capacity
 * and allocatable (cpus, MemTotal from /proc/meminfo, the data directory's
 * filesystem as ephemeral-storage), the OS image from /etc/os-release, and
 * the pressure signals behind MemoryPressure, DiskPressure and PIDPressure,
 * compared with upstream's default hard eviction thresholds
 * (memory.available<100Mi, nodefs.available<10%, nodefs.inodesFree<5%).
 */
import { availableParallelism, release } from 'node:os';
import { readdir, readFile, statfs } from 'node:fs/promises';
import type { Image } from '../runtime/types.ts';

/** Upstream's hard eviction threshold for memory.available. */
export const EVICTION_MEMORY_BYTES = 100 * 1024 * 1024;
/** Upstream's nodefs.available threshold (fraction of the filesystem). */
export const EVICTION_NODEFS_FRACTION = 0.1;
/** Upstream's nodefs.inodesFree threshold. */
export const EVICTION_INODES_FRACTION = 0.05;
/** PIDPressure when fewer than this fraction of pid_max is free (upstream: pid.available, off by default). */
export const PID_PRESSURE_FRACTION = 0.05;
/** Upstream's nodeStatusMaxImages. */
export const MAX_NODE_IMAGES = 50;

/** Raw measurements of the machine. */
export interface MachineSample {
  memTotal: number;
  memAvailable: number;
  fsTotal: number;
  fsAvailable: number;
  inodesTotal: number;
  inodesFree: number;
  pidMax: number;
  pidsInUse: number;
}

/** Which pressure conditions hold. */
export interface NodePressure { memory: boolean; disk: boolean; pid: boolean }

/** Fields of /proc/meminfo in bytes. */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (m) out[m[1]!] = Number(m[2]) * (line.includes('kB') ? 1024 : 1);
  }
  return out;
}

/** PRETTY_NAME of an os-release file (quotes removed). */
export function parseOsRelease(text: string): string | undefined {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  return m ? m[1]!.trim().replace(/^["']|["']$/g, '') : undefined;
}

/** Measure the machine; `dir` is the data directory (nodefs). */
export async function sampleMachine(dir: string): Promise<MachineSample> {
  const mem = parseMeminfo(await readFile('/proc/meminfo', 'utf8'));
  const fs = await statfs(dir);
  const pidMax = Number((await readFile('/proc/sys/kernel/pid_max', 'utf8').catch(() => '32768')).trim());
  const pidsInUse = (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).length;
  return {
    memTotal: mem.MemTotal ?? 0, memAvailable: mem.MemAvailable ?? mem.MemFree ?? 0,
    fsTotal: fs.blocks * fs.bsize, fsAvailable: fs.bavail * fs.bsize,
    inodesTotal: fs.files, inodesFree: fs.ffree, pidMax, pidsInUse,
  };
}

/** Pressure by upstream's default thresholds. */
export function pressureOf(s: MachineSample): NodePressure {
  return {
    memory: s.memAvailable < EVICTION_MEMORY_BYTES,
    disk: s.fsAvailable < s.fsTotal * EVICTION_NODEFS_FRACTION || (s.inodesTotal > 0 && s.inodesFree < s.inodesTotal * EVICTION_INODES_FRACTION),
    pid: s.pidMax - s.pidsInUse < s.pidMax * PID_PRESSURE_FRACTION,
  };
}

const ki = (bytes: number) => `${Math.floor(bytes / 1024)}Ki`;

/** capacity and allocatable (capacity minus the hard eviction thresholds, as upstream without reservations). */
export function machineResources(s: MachineSample, cpus = availableParallelism()): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const capacity = { cpu: String(cpus), 'ephemeral-storage': ki(s.fsTotal), 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: ki(s.memTotal), pods: '110' };
  const allocatable = {
    ...capacity,
    'ephemeral-storage': String(Math.floor(s.fsTotal * (1 - EVICTION_NODEFS_FRACTION))),
    memory: ki(Math.max(0, s.memTotal - EVICTION_MEMORY_BYTES)),
  };
  return { capacity, allocatable };
}

/** The machine's OS image and kernel, as nodeInfo reports them. */
export async function osInfo(): Promise<{ osImage: string; kernelVersion: string }> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => readFile('/usr/lib/os-release', 'utf8').catch(() => ''));
  return { osImage: parseOsRelease(text) ?? 'Linux', kernelVersion: release() };
}

/** node.status.images: the largest first, at most {@link MAX_NODE_IMAGES}. */
export function nodeImages(images: Image[]): Array<{ names: string[]; sizeBytes: number }> {
  return [...images].sort((a, b) => b.size - a.size).slice(0, MAX_NODE_IMAGES)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }));
}
