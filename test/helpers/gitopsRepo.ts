import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir, TestRepo, type RunResult } from './repo.js';

const BIN = fileURLToPath(new URL('../../bin/relman', import.meta.url));

/** A config repository pushed to a bare remote, and a working clone of it. */
export function configRepo(files: Record<string, string>): { remote: TestRepo; work: TestRepo } {
  const remote = TestRepo.init({ bare: true });
  const seed = TestRepo.init();
  seed.commit('chore: config repository', files);
  seed.git('remote', 'add', 'origin', remote.dir);
  seed.git('push', '-q', '-u', 'origin', 'main');
  return { remote, work: cloneOf(remote) };
}

export function cloneOf(remote: TestRepo): TestRepo {
  const work = new TestRepo(tempDir());
  work.git('clone', '-q', remote.dir, '.');
  // An identity of its own, so relman runs without the test's git environment (see relmanAsync).
  work.git('config', 'user.name', 'relman test');
  work.git('config', 'user.email', 'relman-test@example.com');
  return work;
}

/** Runs the real CLI in the repository without blocking, so several runs can race. */
export function relmanAsync(repo: TestRepo, ...args: string[]): Promise<RunResult> {
  return relmanAsyncWith({}, repo, ...args);
}

/**
 * The same with more environment (DOCKER_CONFIG, PATH); also for a run that needs a server in the
 * test's own process, such as the token service, which a blocking run would starve.
 */
export function relmanAsyncWith(env: Record<string, string | undefined>, repo: TestRepo, ...args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: { ...process.env, HOME: repo.dir, GIT_CONFIG_NOSYSTEM: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 128, stdout, stderr }));
  });
}

/**
 * Makes the next push from `repo` lose a race: its pre-push hook (run once) pushes a commit to the
 * remote from another clone first, so the remote moves between relman's fetch and its push.
 */
export function loseNextPushRace(repo: TestRepo, other: TestRepo, file: string): void {
  const hook = path.join(repo.dir, '.git', 'hooks', 'pre-push');
  const marker = path.join(repo.dir, '.git', 'raced');
  writeFileSync(
    hook,
    `#!/bin/sh
[ -e "${marker}" ] && exit 0
touch "${marker}"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
cd "${other.dir}" && git pull -q --ff-only && echo "by someone else" > "${file}" && git add "${file}" && git commit -q -m "chore: someone else's change" && git push -q origin HEAD:main
`,
  );
  chmodSync(hook, 0o755);
}
