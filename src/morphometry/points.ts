/** The six points placed on each vertebral body (morphometry.md section 2). */

export type PointKey = 'as' | 'ms' | 'ps' | 'ai' | 'mi' | 'pi';

/** Click order: the superior endplate anterior to posterior, then the inferior one. */
export const POINT_KEYS: readonly PointKey[] = ['as', 'ms', 'ps', 'ai', 'mi', 'pi'];

export const POINT_NAMES: Readonly<Record<PointKey, string>> = {
  as: 'anterior-superior corner',
  ms: 'midpoint of the superior endplate',
  ps: 'posterior-superior corner',
  ai: 'anterior-inferior corner',
  mi: 'midpoint of the inferior endplate',
  pi: 'posterior-inferior corner',
};

export type SixPoints = Record<PointKey, number[]>;
