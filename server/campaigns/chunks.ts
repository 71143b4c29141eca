/**
 * Splits `total` valid contacts into sequential chunks, one per selected template, equal in size
 * with the remainder going to the last: 10 over 3 templates -> [0..2], [3..5], [6..9].
 */
export function splitIntoChunks(total: number, templates: number): Array<{ template: number; start: number; count: number }> {
  if (!Number.isInteger(total) || total < 0) throw new Error('total must be a whole number');
  if (!Number.isInteger(templates) || templates < 1) throw new Error('at least one template is needed');
  const size = Math.floor(total / templates);
  return Array.from({ length: templates }, (_, i) => ({
    template: i,
    start: i * size,
    count: i === templates - 1 ? total - size * (templates - 1) : size,
  }));
}
