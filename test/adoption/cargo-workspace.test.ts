import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/repo.js';
import { planOf, releaseOf, subjects, tagOf } from './adoption.js';

function rootManifest(version: string): string {
  return `[workspace]
resolver = "2"
members = ["crates/*"]

[workspace.package]
version = "${version}" # one version for the crates that inherit it
edition = "2021"
license = "MIT"

[workspace.dependencies]
acme-core = { path = "crates/core" }
serde = { version = "1.0.200", features = ["derive"] }
`;
}

function member(name: string, deps = ''): string {
  return `[package]\nname = "${name}"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\nserde.workspace = true\n${deps}`;
}

/**
 * A Cargo workspace whose crates share `[workspace.package] version` (`version.workspace = true`),
 * released with cargo-release: `chore: Release` commits, annotated `v{version}` tags. One crate keeps a
 * version of its own, tagged `{crate}-v{version}` as release-plz does.
 */
function cargoWorkspace(): TestRepo {
  const repo = TestRepo.init();
  repo.write({
    'Cargo.toml': rootManifest('0.4.0'),
    'crates/core/Cargo.toml': member('acme-core'),
    'crates/core/src/lib.rs': 'pub fn core() {}\n',
    'crates/cli/Cargo.toml': member('acme-cli', 'acme-core.workspace = true\n'),
    'crates/cli/src/main.rs': 'fn main() {}\n',
    'crates/macros/Cargo.toml': '[package]\nname = "acme-macros"\nversion = "1.2.0"\nedition = "2021"\n\n[lib]\nproc-macro = true\n',
    'crates/macros/src/lib.rs': '// macros\n',
  });
  repo.commit('feat: the acme crates');
  repo.tag('v0.4.0');
  repo.tag('acme-macros-v1.2.0', 'HEAD', false);
  repo.commit('feat(core): streaming reader', { 'crates/core/src/lib.rs': 'pub fn core() { /* 2 */ }\n' });
  repo.commit('chore: Release', { 'Cargo.toml': rootManifest('0.5.0') });
  repo.tag('v0.5.0');
  return repo;
}

describe('adopting a Cargo workspace', () => {
  it('the workspace version is one package owning the crates that inherit it; a crate with its own version is another', () => {
    const repo = cargoWorkspace();
    const root = path.basename(repo.dir);
    let plan = planOf(repo);
    expect(Object.keys(plan).sort()).toEqual(['acme-macros', root].sort());
    expect(plan[root]).toMatchObject({ path: '.', currentVersion: '0.5.0', nextVersion: null });

    repo.commit('feat(cli): --json output', { 'crates/cli/src/main.rs': 'fn main() { /* json */ }\n' });
    repo.commit('fix(macros): spans in errors', { 'crates/macros/src/lib.rs': '// macros 2\n' });
    plan = planOf(repo);
    expect(plan[root]).toMatchObject({ nextVersion: '0.6.0', bump: 'minor', tag: 'v0.6.0' });
    expect(subjects(plan[root])).toEqual(['--json output']);
    expect(plan['acme-macros']).toMatchObject({ currentVersion: '1.2.0', nextVersion: '1.2.1', tag: 'acme-macros-v1.2.1' });
  });

  it('releases into [workspace.package] version, changing nothing else', () => {
    const repo = cargoWorkspace();
    repo.commit('fix(core): empty input', { 'crates/core/src/lib.rs': 'pub fn core() { /* 3 */ }\n' });
    const members = repo.read('crates/core/Cargo.toml');
    expect(releaseOf(repo)[path.basename(repo.dir)]).toMatchObject({ nextVersion: '0.5.1', tag: 'v0.5.1' });
    expect(repo.read('Cargo.toml')).toBe(rootManifest('0.5.1'));
    expect(repo.read('crates/core/Cargo.toml')).toBe(members);
    expect(tagOf(repo, 'v0.5.1')).toEqual({ commit: repo.git('rev-parse', 'HEAD'), type: 'tag' });
  });
});
