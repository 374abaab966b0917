import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { commitFiles } from '../../src/git/repo.js';
import { GIT_ENV, TestRepo } from '../helpers/repo.js';

/** Objects git holds as loose files, and in packs. */
function objectCounts(repo: TestRepo): { loose: number; packed: number } {
  const fields = Object.fromEntries(repo.git('count-objects', '-v').split('\n').map((l) => l.split(': ') as [string, string]));
  return { loose: Number(fields.count), packed: Number(fields['in-pack']) };
}

/** The files as a caller hands them over: written to the work tree, with the texts written. */
function written(repo: TestRepo, texts: Record<string, string>): { path: string; text: string }[] {
  repo.write(texts);
  return Object.entries(texts).map(([path, text]) => ({ path, text }));
}

describe('commitFiles', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = TestRepo.init();
    for (const [k, v] of Object.entries({ ...GIT_ENV, HOME: repo.dir })) vi.stubEnv(k, v);
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`apps/app-${i}.yaml`, `image: app:1.0.${i}\n`]));
    repo.commit('chore: config', files);
  });

  it('commits many files with their contents stored as one pack, leaving the tree clean', async () => {
    const before = objectCounts(repo);
    const files = written(repo, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`apps/app-${i}.yaml`, `image: app:2.0.${i}\n`])));
    const sha = await commitFiles(repo.dir, files, 'chore: deploy 2.0\n');
    expect(repo.git('rev-parse', 'HEAD')).toBe(sha);
    expect(repo.git('show', '--format=', '--name-only', 'HEAD').split('\n')).toHaveLength(40);
    expect(repo.git('show', 'HEAD:apps/app-7.yaml')).toBe('image: app:2.0.7');
    expect(repo.git('status', '--porcelain')).toBe('');
    const after = objectCounts(repo);
    // The 40 blobs went into a pack; only the commit and its trees (root, apps) are loose.
    expect(after.packed - before.packed).toBe(40);
    expect(after.loose - before.loose).toBe(3);
  });

  it('still stages what git add makes of a file (filters and line endings), and links as links', async () => {
    repo.git('config', 'filter.upper.clean', 'tr a-z A-Z');
    repo.git('config', 'filter.upper.smudge', 'cat');
    repo.commit('chore: filter', { '.gitattributes': 'apps/app-1.yaml filter=upper\napps/app-2.yaml text eol=crlf\n' });
    const files = written(repo, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`apps/app-${i}.yaml`, i === 2 ? 'image: app:2.0.2\r\n' : `image: app:2.0.${i}\n`])));
    symlinkSync('app-0.yaml', path.join(repo.dir, 'apps', 'link.yaml'));
    await commitFiles(repo.dir, [...files, { path: 'apps/link.yaml', text: 'app-0.yaml' }], 'chore: deploy 2.0\n');
    expect(repo.git('show', 'HEAD:apps/app-1.yaml')).toBe('IMAGE: APP:2.0.1');
    expect(repo.git('cat-file', '-p', 'HEAD:apps/app-2.yaml')).toBe('image: app:2.0.2');
    expect(repo.git('ls-tree', 'HEAD', 'apps/link.yaml').split(/\s/)[0]).toBe('120000');
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});
