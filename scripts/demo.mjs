#!/usr/bin/env node
// The demo: builds a small monorepo shaped like a real one (a Python core package at the root with
// operators below it, and a Node package) with a realistic history in a temporary folder, then runs
// `relman plan` and `relman release` on it so you see the whole flow. Nothing outside the folder changes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/relman', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'relman-demo-'));
let clock = 1_735_000_000;
const env = { ...process.env, GIT_AUTHOR_NAME: 'Demo', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'Demo', GIT_COMMITTER_EMAIL: 'demo@example.com' };
const git = (...args) => {
  const date = `@${(clock += 3600)} +0000`;
  return execFileSync('git', args, { cwd: dir, env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, encoding: 'utf8' }).trim();
};
const write = (file, text) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};
const commit = (message, files) => {
  for (const [f, t] of Object.entries(files)) write(f, t);
  git('add', '-A');
  git('commit', '-q', '-m', message);
};
const pyproject = (name, version) => `[project]\nname = "${name}"\nversion = "${version}"  # bumped by relman\nrequires-python = ">=3.10"\n`;
const relman = (...args) => {
  console.log(`\n$ relman ${args.join(' ')}`);
  execFileSync(process.execPath, [bin, ...args], { cwd: dir, env, stdio: 'inherit' });
};

git('init', '-q', '-b', 'main');
commit('chore: import the monorepo', {
  'relman.toml': '# The core package owns feluda/ and the root pyproject.toml; operators own their folders.\n[packages."feluda"]\npaths = ["feluda/**", "pyproject.toml"]\n',
  'pyproject.toml': pyproject('feluda', '0.9.2'),
  'feluda/core.py': 'VERSION = 1\n',
  'operators/vid_vec_rep/pyproject.toml': pyproject('feluda-vid-vec-rep', '0.1.3'),
  'operators/vid_vec_rep/op.py': 'def run(): pass\n',
  'operators/image_hash/pyproject.toml': pyproject('feluda-image-hash', '1.4.0'),
  'operators/image_hash/op.py': 'def run(): pass\n',
  'web/package.json': JSON.stringify({ name: '@demo/web', version: '2.0.1' }, null, 2) + '\n',
  'web/index.js': 'export {}\n',
  'README.md': '# demo\n',
});
for (const tag of ['feluda-v0.9.2', 'feluda-vid-vec-rep-v0.1.3', 'feluda-image-hash-v1.4.0', '@demo/web-v2.0.1']) git('tag', '-a', '-m', tag, tag);
commit('feat(vid): support CLIP embeddings', { 'operators/vid_vec_rep/op.py': 'def run(model="clip"): pass\n' });
commit('fix(core): close files on error\n\nThe reader leaked a handle when parsing failed.', { 'feluda/core.py': 'VERSION = 2\n' });
commit('docs: explain operators', { 'README.md': '# demo\n\nOperators live in operators/.\n' });
commit('feat(web)!: new routing\n\nBREAKING CHANGE: routes moved under /app', { 'web/index.js': 'export const routes = []\n' });
commit('Update image hash thresholds', { 'operators/image_hash/op.py': 'def run(threshold=0.9): pass\n' });

console.log(`A sample monorepo with a history is in ${dir}`);
console.log(git('log', '--oneline', '--decorate'));
relman('status');
relman('plan');
relman('release');
console.log('\n$ git log --oneline --decorate -3');
console.log(git('log', '--oneline', '--decorate', '-3'));
relman('plan');
console.log(`\nThe demo repository stays in ${dir} for you to look at.`);
