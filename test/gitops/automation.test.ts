import { describe, expect, it } from 'vitest';
import { applies, labelSelector, selects, type Automation } from '../../src/gitops/automation.js';

describe("an ImageUpdateAutomation's policySelector", () => {
  const selector = labelSelector({
    matchLabels: { team: 'core' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['web', 'api'] },
      { key: 'stage', operator: 'NotIn', values: ['manual'] },
      { key: 'image', operator: 'Exists' },
      { key: 'frozen', operator: 'DoesNotExist' },
    ],
  });

  it('selects the labels that meet every label and every expression, as Kubernetes does', () => {
    const base = { team: 'core', tier: 'web', image: 'x' };
    expect(selects(selector, base)).toBe(true);
    expect(selects(selector, { ...base, stage: 'auto' })).toBe(true);
    expect(selects(selector, { ...base, team: 'edge' })).toBe(false);
    expect(selects(selector, { tier: 'web', image: 'x' })).toBe(false);
    expect(selects(selector, { ...base, tier: 'db' })).toBe(false);
    expect(selects(selector, { team: 'core', image: 'x' })).toBe(false);
    expect(selects(selector, { ...base, stage: 'manual' })).toBe(false);
    expect(selects(selector, { team: 'core', tier: 'api' })).toBe(false);
    expect(selects(selector, { ...base, frozen: '' })).toBe(false);
    // No selector, or an empty one, selects every policy.
    expect(selects(labelSelector(undefined), {})).toBe(true);
    expect(selects(labelSelector({}), { any: 'thing' })).toBe(true);
  });

  it('refuses a selector the Kubernetes API would refuse, saying what is wrong', () => {
    expect(() => labelSelector(['team'])).toThrow('policySelector must be a label selector');
    expect(() => labelSelector({ matchLabels: { team: 1 } })).toThrow('matchLabels must map label names to strings');
    expect(() => labelSelector({ matchExpressions: [{ key: 'tier', operator: 'Equals', values: ['a'] }] })).toThrow('matchExpressions[0]: operator must be In, NotIn, Exists or DoesNotExist');
    expect(() => labelSelector({ matchExpressions: [{ key: 'tier', operator: 'In' }] })).toThrow('matchExpressions[0]: In needs values');
    expect(() => labelSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] })).toThrow('matchExpressions[0]: Exists takes no values');
    expect(() => labelSelector({ matchExpressions: [{ operator: 'Exists' }] })).toThrow('matchExpressions[0] has no key');
  });

  it('lets a marker change when an automation that holds its file applies its policy', () => {
    const automation = (path: string, more: Partial<Automation> = {}): Automation => ({ file: `${path}/automation.yaml`, path, suspended: false, namespace: 'flux-system', selector: null, ...more });
    const auto = { namespace: 'flux-system', labels: { rollout: 'auto' } };
    const manual = { namespace: 'flux-system', labels: { rollout: 'manual' } };
    const automations = [automation('apps/prod', { selector: labelSelector({ matchLabels: { rollout: 'auto' } }) }), automation('apps/staging')];
    expect(applies('apps/prod/app.yaml', auto, automations)).toBe(true);
    expect(applies('apps/prod/app.yaml', manual, automations)).toBe(false);
    expect(applies('apps/staging/app.yaml', manual, automations)).toBe(true);
    expect(applies('apps/dev/app.yaml', auto, automations)).toBe(false);
    // Flux applies the policies of the automation's namespace; a namespace left to a kustomization matches any.
    expect(applies('apps/staging/app.yaml', { namespace: 'team-a', labels: {} }, automations)).toBe(false);
    expect(applies('apps/staging/app.yaml', { namespace: null, labels: {} }, automations)).toBe(true);
    expect(applies('apps/staging/app.yaml', { namespace: 'team-a', labels: {} }, [automation('apps/staging', { namespace: null })])).toBe(true);
    expect(applies('apps/staging/app.yaml', auto, [automation('apps/staging', { suspended: true })])).toBe(false);
    expect(applies('anywhere.yaml', manual, [])).toBe(true);
  });
});
