// fast-check's `filter` draws until a value passes, forever if none ever does (a pattern no
// string of the allowed length matches, in some spec the runner is pointed at). This one gives up
// after a number of draws with an error naming what it could not make, so a run fails its case
// instead of hanging.
import fc from 'fast-check';

const MAX_DRAWS = 2_000;

class BoundedFilter<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly arb: fc.Arbitrary<T>,
    private readonly keep: (value: T) => boolean,
    private readonly what: string,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    for (let i = 0; i < MAX_DRAWS; i++) {
      const v = this.arb.generate(mrng, biasFactor);
      if (this.keep(v.value)) return v;
    }
    throw new Error(`cannot generate ${this.what}: ${MAX_DRAWS} draws in a row were rejected`);
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return this.arb.canShrinkWithoutContext(value) && this.keep(value);
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.arb.shrink(value, context).filter((v) => this.keep(v.value));
  }
}

/** `arb.filter(keep)` that fails after a bounded number of rejected draws instead of looping. */
export function bounded<T>(arb: fc.Arbitrary<T>, keep: (value: T) => boolean, what: string): fc.Arbitrary<T> {
  return new BoundedFilter(arb, keep, what);
}
