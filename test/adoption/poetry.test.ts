import { describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo.js';
import { planOf, releaseOf, tagOf } from './adoption.js';

/** A Poetry 1 project: the version only in [tool.poetry]. */
function poetryProject(version: string): string {
  return `[tool.poetry]
name = "acme-api"
version = "${version}"
description = ""
authors = ["Acme <dev@acme.test>"]

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.110"

[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
`;
}

describe('adopting a Poetry project', () => {
  it('writes [tool.poetry] version in PEP 440 form, candidates then the final, tags in semver', () => {
    const repo = TestRepo.init();
    repo.commit('feat: health endpoint', { 'pyproject.toml': poetryProject('2.3.0'), 'acme_api/main.py': 'a = 1\n' });
    repo.tag('v2.3.0');
    repo.commit('feat: rate limits', { 'acme_api/main.py': 'a = 2\n' });

    expect(releaseOf(repo, '--prerelease', 'rc')['acme-api']).toMatchObject({ currentVersion: '2.3.0', nextVersion: '2.4.0-rc.1', tag: 'v2.4.0-rc.1' });
    expect(repo.read('pyproject.toml')).toBe(poetryProject('2.4.0rc1'));
    expect(planOf(repo)['acme-api']).toMatchObject({ currentVersion: '2.4.0-rc.1', nextVersion: '2.4.0', tag: 'v2.4.0' });

    releaseOf(repo);
    expect(repo.read('pyproject.toml')).toBe(poetryProject('2.4.0'));
    expect(tagOf(repo, 'v2.4.0')).toEqual({ commit: repo.git('rev-parse', 'HEAD'), type: 'tag' });
  });

  it('Poetry 2 keeps [project] and [tool.poetry] versions together', () => {
    const repo = TestRepo.init();
    const manifest = (version: string) => `[project]\nname = "acme-worker"\nversion = "${version}"\n\n[tool.poetry]\nversion = "${version}"\npackages = [{ include = "worker" }]\n`;
    repo.commit('feat: worker', { 'pyproject.toml': manifest('0.9.0'), 'worker/run.py': 'r = 1\n' });
    repo.tag('v0.9.0');
    repo.commit('fix: drain on shutdown', { 'worker/run.py': 'r = 2\n' });
    releaseOf(repo);
    expect(repo.read('pyproject.toml')).toBe(manifest('0.9.1'));
  });
});
