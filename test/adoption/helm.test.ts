import { describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

function chart(name: string, version: string, appVersion: string): string {
  return `apiVersion: v2\nname: ${name}\ndescription: A Helm chart for ${name}\ntype: application\nversion: ${version}\nappVersion: "${appVersion}"\n`;
}

/**
 * A Helm chart repository released with chart-releaser: charts/*\/Chart.yaml, and for each chart whose
 * version changed a GitHub release `{chart}-{version}` — a lightweight tag. Commits are bitnami-style,
 * often not Conventional Commits.
 */
function chartRepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'charts/api/Chart.yaml': chart('api', '1.4.2', '2.7.0'),
    'charts/api/values.yaml': 'replicas: 2\n',
    'charts/api-gateway/Chart.yaml': chart('api-gateway', '0.3.0', '1.0.0'),
    'charts/api-gateway/values.yaml': 'replicas: 1\n',
    '.github/workflows/release.yaml': 'name: Release Charts\n',
    'README.md': 'charts\n',
  });
  repo.commit('[api] Release 1.4.2 (#40)');
  repo.tag('api-1.4.2', 'HEAD', false);
  repo.tag('api-gateway-0.3.0', 'HEAD', false);
  return repo;
}

describe('adopting a Helm chart repository', () => {
  it('continues each chart from {chart}-{version} tags, telling api from api-gateway', () => {
    const repo = chartRepo();
    repo.commit('[api] raise the memory limit', { 'charts/api/values.yaml': 'replicas: 2\nmemory: 512Mi\n' });
    repo.commit('docs: the chart list', { 'README.md': 'charts: api, api-gateway\n' });
    const plan = planOf(repo);
    expect(plan['api']).toMatchObject({ path: 'charts/api', currentVersion: '1.4.2', nextVersion: '1.4.3', bump: 'patch', tag: 'api-1.4.3' });
    expect(subjects(plan['api'])).toEqual(['[api] raise the memory limit']);
    expect(plan['api-gateway']).toMatchObject({ currentVersion: '0.3.0', nextVersion: null });
  });

  it('releases into Chart.yaml version, leaving appVersion; a bitnami-style release commit never counts', () => {
    const repo = chartRepo();
    repo.commit('feat(api-gateway): rate limiting', { 'charts/api-gateway/values.yaml': 'replicas: 1\nrateLimit: 100\n' });
    expect(releaseOf(repo)['api-gateway']).toMatchObject({ nextVersion: '0.4.0', tag: 'api-gateway-0.4.0' });
    expect(repo.read('charts/api-gateway/Chart.yaml')).toBe(chart('api-gateway', '0.4.0', '1.0.0'));
    expect(tagOf(repo, 'api-gateway-0.4.0').commit).toBe(repo.git('rev-parse', 'HEAD'));

    // A chart repository that bumps by hand: its own release commit, untagged yet, asks for nothing.
    repo.commit('[api] Release 1.4.3 (#41)', { 'charts/api/Chart.yaml': chart('api', '1.4.3', '2.7.1') });
    expect(planOf(repo)['api']?.nextVersion).toBeNull();
  });

  it('a repository with one chart: still {chart}-{version}', () => {
    const repo = TestRepo.init();
    repo.commit('initial chart', { 'charts/app/Chart.yaml': chart('app', '3.0.0', '3.0.0'), 'charts/app/values.yaml': 'a: 1\n' });
    repo.tag('app-3.0.0', 'HEAD', false);
    repo.commit('fix: probe path', { 'charts/app/values.yaml': 'a: 2\n' });
    expect(planOf(repo)['app']).toMatchObject({ currentVersion: '3.0.0', nextVersion: '3.0.1', tag: 'app-3.0.1' });
  });
});
