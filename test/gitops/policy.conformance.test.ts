import { describe, expect, it } from 'vitest';
import { compileChooser, type PolicyRule, type TagFilter } from '../../src/gitops/policy.js';
import { loadVectors } from '../helpers/conformance.js';

interface PolicyVector {
  id: string;
  policy: { semver?: { range: string }; alphabetical?: { order: 'asc' | 'desc' }; numerical?: { order: 'asc' | 'desc' } };
  filterTags?: TagFilter;
  tags: string[];
  expectLatest?: string;
  expectError?: string;
}

const vectors = loadVectors<{ vectors: PolicyVector[] }>('flux-image-policy.json');

function ruleOf(p: PolicyVector['policy']): PolicyRule {
  if (p.semver) return { kind: 'semver', range: p.semver.range };
  if (p.alphabetical) return { kind: 'alphabetical', order: p.alphabetical.order };
  if (p.numerical) return { kind: 'numerical', order: p.numerical.order };
  throw new Error('vector without a policy');
}

describe('Flux ImagePolicy conformance (flux-image-policy.json)', () => {
  it('has vectors', () => expect(vectors.vectors.length).toBeGreaterThan(20));
  for (const v of vectors.vectors) {
    it(v.id, () => {
      const choose = () => compileChooser(ruleOf(v.policy), v.filterTags).latest(v.tags);
      if (v.expectError) {
        // Flux's message, less the note on how the controller reports it.
        expect(choose).toThrow(v.expectError.replace(/ \(ImagePolicy.*\)$/, ''));
      } else {
        expect(choose()).toBe(v.expectLatest);
        // The stored order must not matter.
        expect(compileChooser(ruleOf(v.policy), v.filterTags).latest([...v.tags].reverse())).toBe(v.expectLatest);
      }
    });
  }
});
