/** `/experiments/1,2,3` → ['1', '2', '3'] (blank items dropped). */
export function splitExperimentIds(value: string | undefined): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}
