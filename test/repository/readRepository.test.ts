import { describe, expect, it } from 'vitest';
import { readRepository } from '../../src/repository/readRepository.js';
import { TestRepo, packageJson } from '../helpers/repo.js';

describe('readRepository', () => {
  it('keeps only the dependencies that name a package of the repository, and warns of each skipped manifest', async () => {
    const repo = TestRepo.init();
    repo.commit('chore: init', {
      'a/package.json': packageJson('a', '1.0.0', { dependencies: { b: '^1.0.0', lodash: '^4.17.21' }, devDependencies: { vitest: '^4.0.0' } }),
      'b/package.json': packageJson('b', '1.0.0', { dependencies: { semver: '^7.0.0' } }),
      'c/package.json': JSON.stringify({ name: 'c' }),
    });
    const state = await readRepository(repo.dir);
    expect(state.packages.map((p) => [p.name, p.manifest.dependencies?.map((d) => d.name)])).toEqual([
      ['a', ['b']],
      ['b', undefined],
    ]);
    expect(state.warnings).toEqual(['c/package.json: skipped: has no "version"']);
  });

  it('is an error, saying where relman looks, in a repository with no package', async () => {
    const repo = TestRepo.init();
    repo.commit('docs: readme', { 'README.md': '# nothing to release\n' });
    await expect(readRepository(repo.dir)).rejects.toThrow(`no package found in ${repo.dir}`);
    await expect(readRepository(repo.dir)).rejects.toMatchObject({ hint: expect.stringContaining('pyproject.toml, package.json') });
  });
});
