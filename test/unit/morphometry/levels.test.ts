import { describe, expect, it } from 'vitest';
import {
  LEVELS,
  adjacentLevels,
  areAdjacent,
  compareLevels,
  isLevel,
  nextLevelCaudal,
  nextLevelCranial,
  type Level,
} from '../../../src/morphometry';

const measured = (...levels: Level[]) => new Set<Level>(levels);

describe('§1 level labels, cranial to caudal, with the transitional T13 and L6', () => {
  it('lists C1..C7, T1..T12, T13, L1..L5, L6, S1 in that order', () => {
    expect(LEVELS).toEqual([
      'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7',
      'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'T13',
      'L1', 'L2', 'L3', 'L4', 'L5', 'L6',
      'S1',
    ]);
  });

  it('knows a label exactly as written', () => {
    expect(['C1', 'T13', 'L6', 'S1'].every(isLevel)).toBe(true);
    expect(['L7', 'T14', 'C8', 'S2', 'l1', ' L1', '', 'T0'].some(isLevel)).toBe(false);
    expect(isLevel(1)).toBe(false);
    expect(isLevel(null)).toBe(false);
  });

  it('sorts cranial to caudal, T13 between T12 and L1 and L6 between L5 and S1', () => {
    const shuffled: Level[] = ['S1', 'L6', 'L1', 'T13', 'C7', 'T12', 'L5', 'T2', 'T10'];
    expect(shuffled.sort(compareLevels)).toEqual(['C7', 'T2', 'T10', 'T12', 'T13', 'L1', 'L5', 'L6', 'S1']);
    expect(compareLevels('L1', 'L1')).toBe(0);
  });

  it('steps to the next standard level, skipping the transitional ones', () => {
    expect(nextLevelCaudal('C7')).toBe('T1');
    expect(nextLevelCaudal('T12')).toBe('L1');
    expect(nextLevelCaudal('T13')).toBe('L1');
    expect(nextLevelCaudal('L5')).toBe('S1');
    expect(nextLevelCaudal('L6')).toBe('S1');
    expect(nextLevelCaudal('S1')).toBeNull();
    expect(nextLevelCranial('L1')).toBe('T12');
    expect(nextLevelCranial('S1')).toBe('L5');
    expect(nextLevelCranial('T1')).toBe('C7');
    expect(nextLevelCranial('C1')).toBeNull();
  });
});

describe('§1 adjacency: no label of the order lies between two measured levels', () => {
  it('makes T12 and L1 adjacent when no T13 is measured', () => {
    expect(areAdjacent('T12', 'L1', measured('T12', 'L1'))).toBe(true);
    expect(areAdjacent('L1', 'T12', measured('T12', 'L1'))).toBe(true);
  });

  it('puts a measured T13 between T12 and L1', () => {
    const spine = measured('T12', 'T13', 'L1');
    expect(areAdjacent('T12', 'L1', spine)).toBe(false);
    expect(areAdjacent('T12', 'T13', spine)).toBe(true);
    expect(areAdjacent('T13', 'L1', spine)).toBe(true);
  });

  it('does the same with L6 between L5 and S1', () => {
    expect(areAdjacent('L5', 'S1', measured('L5', 'S1'))).toBe(true);
    expect(areAdjacent('L5', 'S1', measured('L5', 'L6', 'S1'))).toBe(false);
    expect(areAdjacent('L6', 'S1', measured('L5', 'L6', 'S1'))).toBe(true);
  });

  it('never bridges a missing standard level: L1 and L3 are not adjacent', () => {
    expect(areAdjacent('L1', 'L3', measured('L1', 'L3'))).toBe(false);
    expect(areAdjacent('C7', 'T1', measured('C7', 'T1'))).toBe(true);
    expect(areAdjacent('L1', 'L1', measured('L1'))).toBe(false);
  });

  it('finds the measured neighbours, cranial first', () => {
    expect(adjacentLevels('L1', measured('T12', 'L1', 'L3'))).toEqual(['T12']);
    expect(adjacentLevels('L2', measured('L3', 'L1', 'L2'))).toEqual(['L1', 'L3']);
    expect(adjacentLevels('T12', measured('T11', 'T12', 'T13', 'L1'))).toEqual(['T11', 'T13']);
    expect(adjacentLevels('L1', measured('L1'))).toEqual([]);
  });
});
