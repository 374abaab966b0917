// The peers, installed on demand from the npm registry into bench/.cache/peers/ and run on a copy
// of the node-layout repository (both write into it). See ../shared/notes/peers-in-bench.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measure } from './measure.mjs';
import { CACHE, git, scratchCopy } from './repos.mjs';

export const PEERS = {
  lerna: {
    packages: ['lerna@8.2.4'],
    label: 'lerna 8.2.4 version --conventional-commits (independent)',
    prepare: prepareLerna,
    command: (bin) => [path.join(bin, 'lerna'), 'version', '--conventional-commits', '--no-git-tag-version', '--no-push', '--no-changelog', '--yes'],
    env: {},
    versions: (copy) => manifestVersions(copy),
  },
  nx: {
    packages: ['nx@23.3.1', '@nx/js@23.3.1'],
    label: 'nx 23.3.1 release version --dry-run (independent)',
    prepare: prepareNx,
    command: (bin) => [path.join(bin, 'nx'), 'release', 'version', '--dry-run'],
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    versions: (_copy, stdout) => nxVersions(stdout),
  },
};

const GIT_ENV = { GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };

/** Installs and runs one peer; resolves { label, run, bumps (name → { next }) or null, note }. */
export async function runPeer(name, dir, { limitSeconds, log }) {
  const peer = PEERS[name];
  const modules = install(name, peer.packages, log);
  const copy = scratchCopy(dir, name);
  try {
    const before = manifestVersions(copy);
    peer.prepare(copy, modules);
    const run = await measure(peer.command(path.join(modules, '.bin')), { cwd: copy, env: peer.env, limitSeconds });
    let bumps = null;
    if (!run.timedOut && run.code === 0) {
      const after = peer.versions(copy, run.stdout);
      bumps = new Map([...before].map(([pkg, version]) => [pkg, { next: after.get(pkg) && after.get(pkg) !== version ? after.get(pkg) : '-' }]));
    }
    const note = run.timedOut ? `cut at ${limitSeconds} s` : run.code !== 0 ? `exit ${run.code}` : 'agreement with the flowchart loop: next versions';
    return { label: peer.label, run, bumps, note };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** npm install into bench/.cache/peers/NAME, once; returns its node_modules. */
function install(name, packages, log) {
  const prefix = path.join(CACHE, 'peers', name);
  const stamp = path.join(prefix, 'installed.txt');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== packages.join(' ')) {
    log(`npm install ${packages.join(' ')} into ${prefix}`);
    rmSync(prefix, { recursive: true, force: true });
    mkdirSync(prefix, { recursive: true });
    writeFileSync(path.join(prefix, 'package.json'), '{"private": true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: prefix, stdio: 'inherit' });
    writeFileSync(stamp, packages.join(' '));
  }
  return path.join(prefix, 'node_modules');
}

function commitConfig(copy, file, text) {
  writeFileSync(path.join(copy, file), text);
  execFileSync('git', ['add', '--', file], { cwd: copy });
  execFileSync('git', ['commit', '-q', '-m', `chore: ${file} for the bench`], { cwd: copy, env: { ...process.env, ...GIT_ENV } });
}

/** lerna reads only `name@version` tags in independent mode: the same tag objects under those names. */
function prepareLerna(copy) {
  commitConfig(copy, 'lerna.json', `${JSON.stringify({ version: 'independent', packages: ['packages/*'] }, null, 2)}\n`);
  const objects = git(copy, 'for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/tags');
  const updates = objects.split('\n').filter(Boolean).flatMap((line) => {
    const [tag, object] = line.split(' ');
    const m = /^(.+)-v(\d+\.\d+\.\d+.*)$/.exec(tag);
    return m ? [`create refs/tags/${m[1]}@${m[2]} ${object}\n`] : [];
  });
  execFileSync('git', ['update-ref', '--stdin'], { cwd: copy, input: updates.join('') });
}

function prepareNx(copy, modules) {
  const nxJson = {
    release: {
      projectsRelationship: 'independent',
      releaseTag: { pattern: '{projectName}-v{version}' },
      version: { conventionalCommits: true },
      changelog: { projectChangelogs: false, workspaceChangelog: false },
    },
  };
  commitConfig(copy, 'nx.json', `${JSON.stringify(nxJson, null, 2)}\n`);
  symlinkSync(modules, path.join(copy, 'node_modules'));
}

/** name → version from every packages/NAME/package.json. */
function manifestVersions(copy) {
  const files = git(copy, 'ls-files', 'packages/*/package.json').split('\n').filter(Boolean);
  return new Map(files.map((file) => {
    const manifest = JSON.parse(readFileSync(path.join(copy, file), 'utf8'));
    return [manifest.name, manifest.version];
  }));
}

/** nx prints "NAME ... New version X written to manifest" per project; the last line per project counts. */
function nxVersions(stdout) {
  const versions = new Map();
  for (const line of stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const m = /^\s*(\S+)\s.*New version (\S+) written to manifest/.exec(line);
    if (m) versions.set(m[1], m[2]);
  }
  return versions;
}
