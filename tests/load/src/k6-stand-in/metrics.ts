/** Stand-in for `k6/metrics`: custom metrics record their samples in the ledger. */
import { ledger } from './ledger';
import type { MetricType } from './ledger';

abstract class StandInMetric {
  protected constructor(
    readonly name: string,
    type: MetricType,
  ) {
    const declared = ledger.metrics.get(name);
    if (declared !== undefined && declared !== type) {
      throw new Error(`metric ${name} is already declared as a ${declared}, not a ${type}`);
    }
    ledger.metrics.set(name, type);
  }

  add(value: number | boolean, tags: Record<string, string> = {}): void {
    ledger.samples.push({ metric: this.name, value: Number(value), tags });
  }
}

export class Counter extends StandInMetric {
  constructor(name: string) {
    super(name, 'counter');
  }
}

export class Gauge extends StandInMetric {
  constructor(name: string) {
    super(name, 'gauge');
  }
}

export class Rate extends StandInMetric {
  constructor(name: string) {
    super(name, 'rate');
  }
}

export class Trend extends StandInMetric {
  constructor(name: string) {
    super(name, 'trend');
  }
}

export default { Counter, Gauge, Rate, Trend };
