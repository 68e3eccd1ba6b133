/**
 * Process and Node.js runtime metrics, sampled when `/metrics` is scraped
 * (no timers, nothing on the request path).
 */
import { readdirSync } from 'node:fs';
import { formatValue, header } from './exposition.ts';
import type { Collector } from './registry.ts';

/** Seconds since the epoch at which this process started. */
const START = Math.floor((Date.now() - process.uptime() * 1000) / 1000);

function openFds(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined; // not Linux; the metric is simply absent
  }
}

function sample(name: string, help: string, type: string, v: number): string {
  return `${header(name, help, type)}${name} ${formatValue(v)}\n`;
}

/** Collector of process_* and nodejs_* metrics. */
export function processCollector(): Collector {
  return {
    render(): string {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      let out = sample('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter', (cpu.user + cpu.system) / 1e6);
      const fds = openFds();
      if (fds !== undefined) out += sample('process_open_fds', 'Number of open file descriptors.', 'gauge', fds);
      out += sample('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', mem.rss);
      out += sample('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', 'gauge', START);
      out += sample('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', 'gauge', mem.heapTotal);
      out += sample('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', 'gauge', mem.heapUsed);
      out += sample('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', 'gauge', mem.external);
      return out;
    },
  };
}
