/** Round tick values (1, 2 or 5 × 10^n ms) from 0 to `max`, about `count` of them. */
export function niceTicks(max: number, count: number): number[] {
  if (!(max > 0) || count < 1) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  // Nanosecond timestamps past 2^53 lose a few hundred ns: a 300 ms trace may measure 299.9999 ms.
  for (let value = 0; value <= max + step * 1e-3; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}
