/**
 * Greedy label placement for scatter charts (in pixel space, before the spec is written): labels are placed
 * in priority order (the caller puts the frontier and the seed models first), each at the first candidate
 * position that overlaps no placed label, no point and stays inside the plot; failing the positions next to
 * the point, at a few positions further out joined to the point by a leader line; failing those, unlabelled
 * (the tooltip still names it). Text width is estimated from the character count (DejaVu Sans at the size
 * given), which errs on the wide side.
 */

export interface LabelInput {
  /** Point centre in pixels (x to the right, y downwards). */
  x: number;
  y: number;
  text: string;
}

export interface LabelPlacement {
  /** Left edge and vertical middle of the text, in pixels. */
  x: number;
  y: number;
  /** A leader line is drawn from the point to (lineX, y) when the label sits away from its point. */
  leader: boolean;
  lineX: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Estimated width of `text` in pixels at `fontSize` (average glyph ≈ 0.6 em, a little wide for safety). */
export function textWidth(text: string, fontSize: number): number {
  return Math.ceil(text.length * fontSize * 0.6) + 2;
}

/**
 * Places labels for `points` in the given order (highest priority first) inside a `width` × `height` plot.
 * Returns one placement per input (null: no room).
 */
export function placeLabels(
  points: LabelInput[],
  options: {
    width: number;
    height: number;
    fontSize?: number;
    pointRadius?: number;
    /** Areas already taken (captions), in pixels. */
    obstacles?: Box[];
  },
): Array<LabelPlacement | null> {
  const fontSize = options.fontSize ?? 10;
  const r = options.pointRadius ?? 5;
  const h = fontSize + 2;
  const occupied: Box[] = points.map((p) => ({ x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r }));
  const blocked = options.obstacles ?? [];
  const inside = (b: Box) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= options.width && b.y1 <= options.height;
  return points.map((p, i) => {
    const w = textWidth(p.text, fontSize);
    const near: Array<[number, number]> = [
      [r + 3, 0], // right
      [-(r + 3) - w, 0], // left
      [-w / 2, -(r + h / 2 + 1)], // above
      [-w / 2, r + h / 2 + 1], // below
      [r + 2, -(r + h / 2)], // upper right
      [r + 2, r + h / 2], // lower right
      [-(r + 2) - w, -(r + h / 2)], // upper left
      [-(r + 2) - w, r + h / 2], // lower left
    ];
    const far: Array<[number, number]> = [];
    for (const d of [24, 40, 56])
      for (const dy of [-d * 0.6, d * 0.6, -d, d, 0]) far.push([d, dy], [-d - w, dy]);
    for (const [k, [dx, dy]] of [...near, ...far].entries()) {
      const x = p.x + dx;
      const y = p.y + dy;
      const box = { x0: x, y0: y - h / 2, x1: x + w, y1: y + h / 2 };
      if (!inside(box) || blocked.some((o) => overlaps(o, box))) continue;
      // a label may touch its own point only when it is right next to it
      if (occupied.some((o, j) => (j !== i || k >= near.length) && overlaps(o, box))) continue;
      occupied.push(box);
      const leader = k >= near.length;
      return { x, y, leader, lineX: dx > 0 ? x - 1 : x + w + 1 };
    }
    return null;
  });
}
