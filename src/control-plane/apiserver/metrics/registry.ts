/**
 * A tiny metrics registry: counters, gauges and histograms with labels,
 * rendered in Prometheus text format. Children are found by the joined
 * label values, so a hot path costs one string join and one Map lookup.
 */
import { K8sError } from '../../../base/errors.ts';
import { formatLabels, formatValue, header } from './exposition.ts';

/** Anything the registry can render. */
export interface Collector {
  /** Text of the whole family, ending in a newline. */
  render(): string;
}

const SEP = '\u0000';

/** Shared child bookkeeping of labelled metrics. */
abstract class Family<C> implements Collector {
  protected readonly children = new Map<string, { values: string[]; child: C }>();

  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[]) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new K8sError('InternalError', `invalid metric name ${name}`);
  }

  protected abstract create(): C;

  /** The child for these label values (in labelNames order), created on first use. */
  with(...values: string[]): C {
    const key = values.join(SEP);
    let e = this.children.get(key);
    if (!e) {
      if (values.length !== this.labelNames.length) {
        throw new K8sError('InternalError', `${this.name}: want ${this.labelNames.length} label values, got ${values.length}`);
      }
      e = { values, child: this.create() };
      this.children.set(key, e);
    }
    return e.child;
  }

  abstract render(): string;
}

/** A value that only goes up. */
export interface CounterChild { value: number; inc(by?: number): void }

/** Counter family. */
export class Counter extends Family<CounterChild> {
  protected create(): CounterChild {
    return { value: 0, inc(by = 1) { this.value += by; } };
  }
  render(): string {
    let out = header(this.name, this.help, 'counter');
    for (const { values, child } of this.children.values()) out += `${this.name}${formatLabels(this.labelNames, values)} ${formatValue(child.value)}\n`;
    return out;
  }
}

/** A value that goes up and down. */
export interface GaugeChild { value: number; set(v: number): void; add(by: number): void }

/** Gauge family. */
export class Gauge extends Family<GaugeChild> {
  protected create(): GaugeChild {
    return { value: 0, set(v) { this.value = v; }, add(by) { this.value += by; } };
  }
  render(): string {
    let out = header(this.name, this.help, 'gauge');
    for (const { values, child } of this.children.values()) out += `${this.name}${formatLabels(this.labelNames, values)} ${formatValue(child.value)}\n`;
    return out;
  }
}

/** Observations counted into fixed buckets. */
export interface HistogramChild { counts: Float64Array; sum: number; count: number; observe(v: number): void }

/** Histogram family; `buckets` are upper bounds, ascending, without +Inf. */
export class Histogram extends Family<HistogramChild> {
  constructor(name: string, help: string, labelNames: readonly string[], readonly buckets: readonly number[]) {
    super(name, help, labelNames);
  }
  protected create(): HistogramChild {
    const bounds = this.buckets;
    return {
      counts: new Float64Array(bounds.length),
      sum: 0,
      count: 0,
      observe(v: number) {
        // Non-cumulative counts; render() accumulates, keeping observe O(buckets) with no allocation.
        for (let i = 0; i < bounds.length; i++) if (v <= bounds[i]!) { this.counts[i]!++; break; }
        this.sum += v;
        this.count++;
      },
    };
  }
  render(): string {
    let out = header(this.name, this.help, 'histogram');
    for (const { values, child } of this.children.values()) {
      let cum = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cum += child.counts[i]!;
        out += `${this.name}_bucket${formatLabels(this.labelNames, values, `le="${formatValue(this.buckets[i]!)}"`)} ${cum}\n`;
      }
      out += `${this.name}_bucket${formatLabels(this.labelNames, values, 'le="+Inf"')} ${child.count}\n`;
      out += `${this.name}_sum${formatLabels(this.labelNames, values)} ${formatValue(child.sum)}\n`;
      out += `${this.name}_count${formatLabels(this.labelNames, values)} ${child.count}\n`;
    }
    return out;
  }
}

/** An ordered set of collectors rendered together. */
export class Registry {
  private readonly collectors: Collector[] = [];

  /** Adds a collector and returns it, for `const c = reg.register(new Counter(...))`. */
  register<T extends Collector>(c: T): T {
    this.collectors.push(c);
    return c;
  }

  /** The whole exposition text. */
  render(): string {
    return this.collectors.map((c) => c.render()).join('');
  }
}
