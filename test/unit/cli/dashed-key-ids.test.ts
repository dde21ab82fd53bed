import { describe, expect, it } from 'vitest';
import { protectDashedKeyIds } from '../../../main/cli/dashed-key-ids.ts';

const DASHED = '-hAAAAAAAAAAAAAAAAAAAA'; // 22 characters: a valid API Key ID that looks like -h
const PLAIN = 'AAAAAAAAAAAAAAAAAAAAAA';
const values = new Set(['--db', '--name', '--grace']);

describe('protectDashedKeyIds', () => {
  it('moves an ID beginning with "-" and the operands after it behind --, keeping options and their values in front', () => {
    expect(protectDashedKeyIds(['keys', 'show', DASHED], values)).toEqual(['keys', 'show', '--', DASHED]);
    expect(protectDashedKeyIds(['keys', 'roll', DASHED, '--grace', '24h', '--json'], values)).toEqual([
      'keys', 'roll', '--grace', '24h', '--json', '--', DASHED,
    ]);
    expect(protectDashedKeyIds(['keys', 'disable', PLAIN, DASHED, PLAIN.toLowerCase()], values)).toEqual([
      'keys', 'disable', PLAIN, '--', DASHED, PLAIN.toLowerCase(),
    ]);
  });

  it('leaves an ID that is the value of an option where it is', () => {
    expect(protectDashedKeyIds(['keys', 'rename', PLAIN, '--name', DASHED], values)).toEqual(['keys', 'rename', PLAIN, '--name', DASHED]);
    expect(protectDashedKeyIds(['--db', DASHED, 'keys', 'show', DASHED], values)).toEqual(['--db', DASHED, 'keys', 'show', '--', DASHED]);
  });

  it('changes nothing without a dashed ID, or when the user already wrote --', () => {
    expect(protectDashedKeyIds(['keys', 'list', '-h'], values)).toEqual(['keys', 'list', '-h']);
    expect(protectDashedKeyIds(['keys', 'show', '--', DASHED], values)).toEqual(['keys', 'show', '--', DASHED]);
    expect(protectDashedKeyIds(['keys', 'show', '-hAAA'], values)).toEqual(['keys', 'show', '-hAAA']); // not ID-shaped: an option
  });
});
