/** Progress through a survey shown one section per page. */
export type Progress = { current: number; total: number; percent: number };

/**
 * `sectionIndex` is 0-based. The percentage counts sections already finished, so the first
 * page shows 0 % and the last page shows how far the respondent got before finishing it.
 */
export function computeProgress(sectionIndex: number, totalSections: number): Progress {
  if (!Number.isInteger(totalSections) || totalSections < 1) {
    throw new RangeError('a survey has at least one section');
  }
  const index = Math.min(Math.max(0, Math.trunc(sectionIndex)), totalSections - 1);
  return { current: index + 1, total: totalSections, percent: Math.round((index / totalSections) * 100) };
}
