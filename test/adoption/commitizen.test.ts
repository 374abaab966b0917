import { describe, expect, it } from 'vitest';
import { TestRepo, pyproject } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

/** Poetry with commitizen's own version (its default provider), kept equal to Poetry's through version_files. */
function poetryWithCommitizen(version: string): string {
  return `[tool.poetry]
name = "acme-cli"
version = "${version}"
description = "Acme's command line"
packages = [{ include = "acme_cli" }]

[tool.commitizen]
name = "cz_conventional_commits"
version = "${version}"
tag_format = "v$version"
version_files = ["acme_cli/__init__.py:__version__", "pyproject.toml:^version"]
update_changelog_on_bump = true

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;
}

/** `cz bump`: one `bump: version A → B` commit with the versions, a lightweight tag on it. */
function czBump(repo: TestRepo, from: string, to: string, tag: string, files: Record<string, string>): void {
  repo.commit(`bump: version ${from} → ${to}`, files);
  repo.tag(tag, 'HEAD', false);
}

describe('adopting a commitizen repository', () => {
  it('reads tag_format "v$version" and writes [tool.commitizen] version beside Poetry\'s', () => {
    const repo = TestRepo.init();
    repo.commit('feat: first command', { 'pyproject.toml': poetryWithCommitizen('0.6.0'), 'acme_cli/__init__.py': '__version__ = "0.6.0"\n' });
    repo.tag('v0.6.0', 'HEAD', false);
    repo.commit('feat(export): csv', { 'acme_cli/export.py': 'e = 1\n' });
    czBump(repo, '0.6.0', '0.7.0', 'v0.7.0', { 'pyproject.toml': poetryWithCommitizen('0.7.0'), 'acme_cli/__init__.py': '__version__ = "0.7.0"\n', 'CHANGELOG.md': '## v0.7.0 (2024-03-01)\n\n### Feat\n\n- **export**: csv\n' });
    repo.commit('fix(export): quote separators', { 'acme_cli/export.py': 'e = 2\n' });

    const plan = planOf(repo)['acme-cli'];
    expect(plan).toMatchObject({ currentVersion: '0.7.0', nextVersion: '0.7.1', tag: 'v0.7.1' });
    expect(subjects(plan)).toEqual(['quote separators']);
    releaseOf(repo);
    expect(repo.read('pyproject.toml')).toBe(poetryWithCommitizen('0.7.1'));
    expect(tagOf(repo, 'v0.7.1').commit).toBe(repo.git('rev-parse', 'HEAD'));
  });

  it("commitizen's default tag format: bare version tags, which relman continues", () => {
    const repo = TestRepo.init();
    const manifest = (version: string) => pyproject('acme-lib', version, '\n[tool.commitizen]\nversion_provider = "pep621"\n');
    repo.commit('feat: parse', { 'pyproject.toml': manifest('1.1.0'), 'acme_lib/parse.py': 'p = 1\n' });
    repo.tag('1.1.0', 'HEAD', false);
    czBump(repo, '1.1.0', '1.2.0', '1.2.0', { 'pyproject.toml': manifest('1.2.0') });
    repo.commit('feat: streaming parser', { 'acme_lib/parse.py': 'p = 2\n' });

    expect(planOf(repo)['acme-lib']).toMatchObject({ currentVersion: '1.2.0', nextVersion: '1.3.0', tag: '1.3.0' });
    releaseOf(repo);
    expect(repo.read('pyproject.toml')).toBe(manifest('1.3.0'));
    expect(repo.tags()).toEqual(['1.1.0', '1.2.0', '1.3.0']);
  });

  it('reads tag_format from a .cz.toml', () => {
    const repo = TestRepo.init();
    repo.commit('feat: first', { 'VERSION': '0.4.0\n', '.cz.toml': '[tool.commitizen]\nversion = "0.4.0"\ntag_format = "release-$version"\nversion_files = ["VERSION"]\n', 'main.go': 'package main\n' });
    repo.tag('release-0.4.0', 'HEAD', false);
    repo.commit('fix: exit code', { 'main.go': 'package main // 2\n' });
    expect(Object.values(planOf(repo))[0]).toMatchObject({ path: '.', currentVersion: '0.4.0', nextVersion: '0.4.1', tag: 'release-0.4.1' });
  });
});
