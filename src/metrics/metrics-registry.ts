/**
 * A small metrics registry: counters, gauges and histograms with labels, written out in
 * Prometheus' text exposition format (version 0.0.4). Enough for confab's own instruments; a
 * client library would bring push gateways, summaries and default collectors we do not need.
 */

export type Labels = Record<string, string>;

type Kind = "counter" | "gauge" | "histogram";

interface Instrument {
  readonly name: string;
  readonly help: string;
  readonly kind: Kind;
  /** The sample lines, without HELP and TYPE. */
  lines(): string[];
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelPattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Seconds, from a millisecond or two up to Zoom's own timeout and beyond. */
export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class MetricsRegistry {
  readonly #instruments = new Map<string, Instrument>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.#add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.#add(new Gauge(name, help, labelNames));
  }

  histogram(
    name: string,
    help: string,
    labelNames: readonly string[] = [],
    buckets: readonly number[] = durationBuckets,
  ): Histogram {
    return this.#add(new Histogram(name, help, labelNames, buckets));
  }

  /** Everything registered, as Prometheus reads it. */
  expose(): string {
    let out = "";
    for (const instrument of this.#instruments.values()) {
      out += `# HELP ${instrument.name} ${escapeHelp(instrument.help)}\n`;
      out += `# TYPE ${instrument.name} ${instrument.kind}\n`;
      for (const line of instrument.lines()) out += `${line}\n`;
    }
    return out;
  }

  #add<T extends Instrument>(instrument: T): T {
    if (this.#instruments.has(instrument.name)) {
      throw new Error(`metric ${instrument.name} is registered twice`);
    }
    this.#instruments.set(instrument.name, instrument);
    return instrument;
  }
}

/** Series of one instrument, keyed by their label values in the declared order. */
abstract class LabelledInstrument<Value> implements Instrument {
  abstract readonly kind: Kind;
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { labels: Labels; value: Value }>();

  constructor(name: string, help: string, labelNames: readonly string[]) {
    if (!namePattern.test(name)) throw new Error(`bad metric name: ${name}`);
    for (const label of labelNames) {
      if (!labelPattern.test(label) || label.startsWith("__") || label === "le") {
        throw new Error(`bad label name for ${name}: ${label}`);
      }
    }
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
  }

  protected entry(labels: Labels, initial: () => Value): { labels: Labels; value: Value } {
    const ordered: Labels = {};
    for (const label of this.labelNames) {
      const value = labels[label];
      if (value === undefined) throw new Error(`${this.name} needs the label ${label}`);
      ordered[label] = value;
    }
    if (Object.keys(labels).length !== this.labelNames.length) {
      throw new Error(`${this.name} takes the labels ${this.labelNames.join(", ")} only`);
    }
    const key = JSON.stringify(Object.values(ordered));
    let found = this.series.get(key);
    if (!found) {
      found = { labels: ordered, value: initial() };
      this.series.set(key, found);
    }
    return found;
  }

  abstract lines(): string[];
}

export class Counter extends LabelledInstrument<number> {
  readonly kind = "counter";

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name} only goes up`);
    const entry = this.entry(labels, () => 0);
    entry.value += by;
  }

  /** The current value of one series (0 when it was never counted). */
  value(labels: Labels = {}): number {
    return this.entry(labels, () => 0).value;
  }

  lines(): string[] {
    return [...this.series.values()].map(
      (s) => `${this.name}${labelText(s.labels)} ${numberText(s.value)}`,
    );
  }
}

export class Gauge extends LabelledInstrument<number> {
  readonly kind = "gauge";

  set(labels: Labels, value: number): void {
    this.entry(labels, () => 0).value = value;
  }

  /** Forgets every series: for gauges refilled from a fresh reading, where a series may vanish. */
  reset(): void {
    this.series.clear();
  }

  lines(): string[] {
    return [...this.series.values()].map(
      (s) => `${this.name}${labelText(s.labels)} ${numberText(s.value)}`,
    );
  }
}

interface HistogramValue {
  /** Per bucket, how many observations were at most its bound (not yet cumulative). */
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends LabelledInstrument<HistogramValue> {
  readonly kind = "histogram";
  readonly buckets: readonly number[];

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((b, i) => i > 0 && b === sorted[i - 1])) {
      throw new Error(`${name} needs distinct buckets`);
    }
    this.buckets = sorted;
  }

  observe(labels: Labels, value: number): void {
    const entry = this.entry(labels, () => ({
      counts: this.buckets.map(() => 0),
      sum: 0,
      count: 0,
    }));
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) entry.value.counts[index] = (entry.value.counts[index] ?? 0) + 1;
    entry.value.sum += value;
    entry.value.count += 1;
  }

  /** How many observations one series has (0 when it has none). */
  count(labels: Labels = {}): number {
    return this.entry(labels, () => ({
      counts: this.buckets.map(() => 0),
      sum: 0,
      count: 0,
    })).value.count;
  }

  lines(): string[] {
    const out: string[] = [];
    for (const { labels, value } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += value.counts[i] ?? 0;
        out.push(
          `${this.name}_bucket${labelText({ ...labels, le: numberText(bound) })} ${cumulative}`,
        );
      });
      out.push(`${this.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${value.count}`);
      out.push(`${this.name}_sum${labelText(labels)} ${numberText(value.sum)}`);
      out.push(`${this.name}_count${labelText(labels)} ${value.count}`);
    }
    return out;
  }
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return pairs.length === 0 ? "" : `{${pairs.join(",")}}`;
}

function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
}

function escapeHelp(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
