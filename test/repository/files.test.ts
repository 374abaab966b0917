import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoFileSync, writeRepoFile } from '../../src/repository/files.js';
import { tempDir } from '../helpers/repo.js';

describe('repository files', () => {
  it('reads and writes a file by its path in the repository, however the root is written', () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'packages', 'a'), { recursive: true });
    writeRepoFile(root, 'packages/a/pyproject.toml', 'version = "1.0.0"\n');
    for (const given of [root, `${root}/`, path.join(root, 'packages', '..'), path.relative(process.cwd(), root)]) {
      expect(readRepoFileSync(given, 'packages/a/pyproject.toml')).toBe('version = "1.0.0"\n');
      expect(readRepoFileSync(given, './packages/a/../a/pyproject.toml')).toBe('version = "1.0.0"\n');
    }
    expect(readRepoFileSync(root, 'packages/b/pyproject.toml')).toBeNull();
  });

  it('refuses a path that leaves the repository, and a symbolic link', () => {
    const root = path.join(tempDir(), 'repo');
    mkdirSync(root);
    writeFileSync(path.join(root, '..', 'secret.txt'), 'no\n');
    symlinkSync(path.join(root, '..', 'secret.txt'), path.join(root, 'link.txt'));
    for (const file of ['../secret.txt', 'a/../../secret.txt', path.join(root, '..', 'secret.txt'), '.', '']) {
      expect(() => readRepoFileSync(root, file)).toThrow(`${file} is outside the repository ${root}`);
    }
    expect(() => readRepoFileSync(root, 'link.txt')).toThrow('link.txt is a symbolic link');
    expect(() => writeRepoFile(root, 'link.txt', 'x')).toThrow('link.txt is a symbolic link');
  });
});
