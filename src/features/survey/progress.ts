/** Progress through a survey shown one section per page. */
export type Progress = { current: number; total: number; percent: number };

/**
 * `sectionIndex` is 0-based. The bar counts the sections reached, the current one included —
 * exactly what its text says ("Section 2 of 3" fills two thirds): the first page of three shows
 * one third, the last page a full bar.
 */
export function computeProgress(sectionIndex: number, totalSections: number): Progress {
  if (!Number.isInteger(totalSections) || totalSections < 1) {
    throw new RangeError('a survey has at least one section');
  }
  const index = Math.min(Math.max(0, Math.trunc(sectionIndex)), totalSections - 1);
  return { current: index + 1, total: totalSections, percent: Math.round(((index + 1) / totalSections) * 100) };
}
