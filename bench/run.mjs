#!/usr/bin/env node
// relman's benchmark (npm run bench): relman plan against the floor (one git log over the range every
// package needs), the seed's per-package flowchart loop and the peers (lerna, nx), on generated
// 500-package, 100,000-commit repositories. Prints a table and writes bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasGnuTime, LIVE_PROBE, measure, RSS_PROBE, summary } from './measure.mjs';
import { runPeer, PEERS } from './peers.mjs';
import { CACHE, PROJECT, floorRange, generatedRepo, git, repoName, scratchCopy } from './repos.mjs';
import { benchGitops } from './gitops.mjs';

const HELP = `Usage: npm run bench -- [options]

Builds (once, cached under bench/.cache/) the generated repositories and runs, interleaved, round by
round: relman plan --json without its cache, the floor (git log --name-only over the range every
package needs), relman plan --json after new commits with its cache, and the seed's flowchart loop
(bench/flowchart.sh). Then the startup times, the memory check on a long history, the peers once
each, and gitops update. Prints a table and writes bench/RESULTS.md.

  --sizes LIST         PACKAGESxCOMMITS, comma-separated (default 500x100000)
  --layouts LIST       python,node (default both)
  --rounds N           rounds of relman, floor and cached runs (default 5)
  --loop-rounds N      rounds of the flowchart loop, about 3 minutes each on 500x100000 (default 1)
  --peers LIST         lerna,nx or none; run once each on the node layout (default lerna,nx)
  --time-limit S       seconds before a peer or the loop is cut and reported as "> S s" (default 900)
  --long-history N     commits of the memory check (node layout, same tag frequency); 0 skips (default 1000000)
  --long-rounds N      rounds of the memory check: relman with and without its cache, and what it holds (default 3)
  --parts LIST         plan,startup,long,peers,gitops (default all)
  --seed S             generator seed (default 7)
  --output FILE        where the report goes (default bench/RESULTS.md)`;

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '500x100000' },
    layouts: { type: 'string', default: 'python,node' },
    rounds: { type: 'string', default: '5' },
    'loop-rounds': { type: 'string', default: '1' },
    peers: { type: 'string', default: 'lerna,nx' },
    'time-limit': { type: 'string', default: '900' },
    'long-history': { type: 'string', default: '1000000' },
    'long-rounds': { type: 'string', default: '3' },
    parts: { type: 'string', default: 'plan,startup,long,peers,gitops' },
    seed: { type: 'string', default: '7' },
    output: { type: 'string', default: path.join(PROJECT, 'bench', 'RESULTS.md') },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}

const list = (text) => text.split(',').map((s) => s.trim()).filter((s) => s && s !== 'none');
const sizes = list(flags.sizes).map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s);
  if (!m) throw new Error(`--sizes takes PACKAGESxCOMMITS, not "${s}"`);
  return { packages: Number(m[1]), commits: Number(m[2]) };
});
const layouts = list(flags.layouts);
const rounds = Number(flags.rounds);
const loopRounds = Number(flags['loop-rounds']);
const peers = list(flags.peers);
const timeLimit = Number(flags['time-limit']);
const longHistory = Number(flags['long-history']);
const longRounds = Number(flags['long-rounds']);
const parts = new Set(list(flags.parts));
const seed = flags.seed;
const unknownPeer = peers.find((p) => !PEERS[p]);
if (unknownPeer) throw new Error(`--peers: no peer "${unknownPeer}" (known: ${Object.keys(PEERS).join(', ')})`);

const log = (message) => process.stderr.write(`bench: ${message}\n`);
const relman = snapshotRelman();
const sections = [];

if (!hasGnuTime) log('GNU time is missing (install it: apt-get install -y time); sampling peak memory from /proc instead');

if (parts.has('plan')) {
  for (const size of sizes) for (const layout of layouts) sections.push(await benchRepository({ ...size, layout, seed }));
}
if (parts.has('startup')) sections.push(await benchStartup());
if (parts.has('long') && longHistory > 0) sections.push(await benchLongHistory());
if (parts.has('peers') && peers.length) sections.push(await benchPeers());
if (parts.has('gitops')) sections.push(await benchGitops({ relman, rounds, log, row }));

const report = render(sections);
console.log(report);
writeFileSync(flags.output, report);
log(`wrote ${path.relative(process.cwd(), flags.output)}`);

/** The built CLI, copied: a rebuild elsewhere in the work tree during the run cannot take it away. */
function snapshotRelman() {
  if (!existsSync(path.join(PROJECT, 'dist', 'relman.cjs'))) throw new Error('relman is not built: run npm run build (or npm ci) first');
  const dir = path.join(CACHE, 'relman');
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(PROJECT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(PROJECT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  return path.join(dir, 'bin', 'relman');
}

function relmanCommand(...args) {
  return [process.execPath, '--import', RSS_PROBE, relman, ...args];
}

function dropCache(dir) {
  rmSync(path.join(dir, '.git', 'relman'), { recursive: true, force: true });
}

/** relman plan --json, unmeasured, as the reference the other runs are compared with. */
function planOf(dir) {
  return JSON.parse(execFileSync(process.execPath, [relman, 'plan', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 }));
}

/** name → { bump, next } from relman's plan, for the packages the generator made (under packages/). */
function bumpsOfPlan(plan) {
  return new Map(plan.packages.filter((p) => p.path.startsWith('packages/')).map((p) => [p.name, { bump: p.bump ?? '-', next: p.nextVersion ?? '-' }]));
}

/** How many of the reference's packages another tool gives the same next version (and bump, where it says one). */
function agreement(reference, other) {
  let same = 0;
  for (const [name, want] of reference) {
    const got = other.get(name) ?? { next: '-' };
    if (got.next === want.next && (got.bump === undefined || got.bump === want.bump)) same++;
  }
  return `${same}/${reference.size}`;
}

function parseLoop(stdout) {
  return new Map(stdout.split('\n').filter(Boolean).map((line) => {
    const [name, bump, next] = line.split(' ');
    return [name, { bump, next }];
  }));
}

/** Commits touching three packages' files in a repository copy, as a developer would between two plans. */
function addCommits(dir, round) {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
  const packages = git(dir, 'ls-tree', '--name-only', 'HEAD', 'packages/').split('\n').filter(Boolean);
  // Dated after HEAD: the generator's history runs into the future, and a commit older than its
  // parent can send git's walk (relman's and every other tool's) deep into the history.
  const after = Number(git(dir, 'log', '-1', '--format=%ct'));
  for (let i = 0; i < 3; i++) {
    const date = `@${after + 60 * (i + 1)} +0000`;
    Object.assign(env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    const folder = packages[(round * 3 + i) * 37 % packages.length];
    const file = path.join(dir, folder, 'CHANGES.bench');
    writeFileSync(file, `${existsSync(file) ? readFileSync(file, 'utf8') : ''}round ${round} change ${i}\n`);
    execFileSync('git', ['add', '--', file], { cwd: dir, env });
    execFileSync('git', ['commit', '-q', '-m', `fix(${path.basename(folder)}): bench change ${round}.${i}`], { cwd: dir, env });
  }
}

async function benchRepository(options) {
  const name = repoName(options);
  const dir = generatedRepo(options, log);
  log(`${name}: reference plan and the floor's range`);
  dropCache(dir);
  const reference = planOf(dir);
  const expected = JSON.stringify(reference);
  const range = floorRange(dir, reference);
  const warmCopy = scratchCopy(dir, 'warm');
  planOf(warmCopy);
  const runs = { cold: [], floor: [], warm: [], loop: [] };
  let coldAgrees = true;
  let lastWarm = null;
  let loopBumps = null;
  for (let round = 1; round <= rounds; round++) {
    log(`${name}: round ${round} of ${rounds}`);
    dropCache(dir);
    const cold = await measure(relmanCommand('plan', '--json'), { cwd: dir });
    coldAgrees &&= cold.code === 0 && JSON.stringify(JSON.parse(cold.stdout)) === expected;
    runs.cold.push(cold);
    runs.floor.push(await measure(['git', 'log', '--name-only', ...range.range], { cwd: dir, discardOutput: true }));
    addCommits(warmCopy, round);
    const warm = await measure(relmanCommand('plan', '--json'), { cwd: warmCopy });
    lastWarm = warm.stdout;
    runs.warm.push(warm);
    if (round <= loopRounds) {
      const loop = await measure(['bash', path.join(PROJECT, 'bench', 'flowchart.sh')], { cwd: dir, limitSeconds: timeLimit });
      if (!loop.timedOut) loopBumps = parseLoop(loop.stdout);
      runs.loop.push(loop);
    }
  }
  // The cached answer must be the one git gives: compare with a plan made without the cache.
  dropCache(warmCopy);
  const warmAgrees = JSON.stringify(planOf(warmCopy)) === JSON.stringify(JSON.parse(lastWarm));
  rmSync(warmCopy, { recursive: true, force: true });
  const bumps = bumpsOfPlan(reference);
  const floorMedian = summary(runs.floor.map((r) => r.seconds)).median;
  const ratio = (r) => `${(summary(r.map((x) => x.seconds)).median / floorMedian).toFixed(2)}x floor`;
  const untaggedNote = range.untagged.length ? ` (${range.untagged.join(', ')} has no tag: all history)` : '';
  return {
    title: `${options.packages} packages, ${options.commits.toLocaleString('en')} commits, ${options.layout} layout (${name})`,
    rows: [
      row('relman plan --json, no cache', runs.cold, { agreement: loopBumps ? agreement(loopBumps, bumps) : 'n/a', note: `${ratio(runs.cold)}; same plan every round: ${coldAgrees ? 'yes' : 'NO'}` }),
      row(`floor: git log --name-only over ${range.commits.toLocaleString('en')} commits${untaggedNote}`, runs.floor, { note: 'output to /dev/null' }),
      row('relman plan --json, cache, 3 new commits', runs.warm, { note: `same plan as without the cache: ${warmAgrees ? 'yes' : 'NO'}` }),
      row('flowchart loop (bench/flowchart.sh)', runs.loop, { agreement: loopBumps ? 'reference' : 'n/a', note: `one git log per package; ${runs.loop.length} round(s)` }),
    ],
  };
}

async function benchStartup() {
  const dir = generatedRepo({ layout: 'python', packages: 10, commits: 1000, seed }, log);
  const runs = { version: [], cold: [], warm: [] };
  planOf(dir);
  for (let round = 1; round <= Math.max(rounds, 10); round++) {
    runs.version.push(await measure(relmanCommand('--version'), { cwd: dir }));
    dropCache(dir);
    runs.cold.push(await measure(relmanCommand('plan', '--json'), { cwd: dir }));
    runs.warm.push(await measure(relmanCommand('plan', '--json'), { cwd: dir }));
  }
  return {
    title: `Startup (${repoName({ layout: 'python', packages: 10, commits: 1000, seed })}); targets: --version < 150 ms, plan < 300 ms`,
    rows: [
      row('relman --version', runs.version),
      row('relman plan --json, 10 packages, no cache', runs.cold),
      row('relman plan --json, 10 packages, cache', runs.warm),
    ],
  };
}

/**
 * The same generator options at 100,000 commits and at --long-history commits, with the same release
 * frequency (so ten times the tags), and with the same number of releases (so as many tags).
 */
async function benchLongHistory() {
  const releases = 20;
  const repos = [
    ['100,000 commits', { commits: 100_000, tagsEvery: 100_000 / releases }],
    [`${longHistory.toLocaleString('en')} commits, a release every 5,000`, { commits: longHistory, tagsEvery: 5000 }],
    [`${longHistory.toLocaleString('en')} commits, ${releases} releases`, { commits: longHistory, tagsEvery: longHistory / releases }],
  ];
  const rows = [];
  for (const [label, { commits, tagsEvery }] of repos) {
    // The generator's default frequency (commits / 20) is left unsaid, so that the repositories keep one name.
    const dir = generatedRepo({ layout: 'node', packages: 500, commits, seed, ...(tagsEvery === commits / releases ? {} : { tagsEvery }) }, log);
    const reference = planOf(dir);
    const range = floorRange(dir, reference);
    const tags = git(dir, 'for-each-ref', '--format=x', 'refs/tags').split('\n').length;
    // A process's peak moves by a megabyte or two from run to run (when the collector runs, what the
    // JIT compiles): a few rounds each, so that the comparison is of medians. What relman holds is
    // measured in runs of its own: the profiler that tells it keeps a record of every collection.
    const cold = [];
    const warm = [];
    const held = [];
    for (let round = 1; round <= longRounds; round++) {
      log(`${label}: round ${round} of ${longRounds}`);
      dropCache(dir);
      cold.push(await measure(relmanCommand('plan', '--json'), { cwd: dir }));
      warm.push(await measure(relmanCommand('plan', '--json'), { cwd: dir }));
      dropCache(dir);
      held.push((await measure([process.execPath, '--import', LIVE_PROBE, relman, 'plan', '--json'], { cwd: dir, discardOutput: true })).heldMB);
    }
    const floor = await measure(['git', 'log', '--name-only', ...range.range], { cwd: dir, discardOutput: true });
    const note = [`${tags.toLocaleString('en')} tags`, `${range.commits.toLocaleString('en')} commits in range`, `holds ${megabytes(held.filter((v) => v !== null))} after a full collection`];
    rows.push(row(`${label}: relman plan --json, no cache`, cold, { note: note.join('; ') }));
    rows.push(row(`${label}: relman plan --json, cache`, warm));
    rows.push(row(`${label}: floor`, [floor]));
  }
  return { title: 'Memory with history length (node layout)', rows };
}

async function benchPeers() {
  const options = { ...sizes[0], layout: 'node', seed };
  const dir = generatedRepo(options, log);
  const reference = parseLoop((await measure(['bash', path.join(PROJECT, 'bench', 'flowchart.sh')], { cwd: dir })).stdout);
  const rows = [];
  for (const peer of peers) {
    log(`${peer}: installing and running on a copy of ${repoName(options)} (cut at ${timeLimit} s)`);
    const result = await runPeer(peer, dir, { limitSeconds: timeLimit, log });
    rows.push(row(result.label, [result.run], { agreement: result.bumps ? agreement(reference, result.bumps) : 'n/a', note: result.note }));
  }
  return { title: `Peers, once each, on a copy of ${repoName(options)}`, rows };
}

/** A table row: median and range of wall time, peak memory of the largest process and of relman's own. */
function row(label, runs, { agreement: agrees = '', note = '' } = {}) {
  if (runs.length === 0) return { label, time: 'not run', range: '', peak: '', own: '', agreement: agrees, note };
  const failed = runs.find((r) => r.code !== 0 && !r.timedOut);
  const times = summary(runs.map((r) => r.seconds));
  const cut = runs.some((r) => r.timedOut);
  const peaks = runs.map((r) => r.peakMB).filter((v) => v !== null);
  const own = runs.map((r) => r.ownPeakMB).filter((v) => v !== null);
  return {
    label,
    time: cut ? `> ${timeLimit} s` : seconds(times.median),
    range: runs.length > 1 ? `${seconds(times.min)} – ${seconds(times.max)}` : '',
    peak: peaks.length ? `${Math.round(Math.max(...peaks))} MB` : '',
    own: own.length ? megabytes(own) : '',
    agreement: agrees,
    note: [failed ? `exit ${failed.code}: ${failed.stderr.trim().split('\n').slice(-1)[0]}` : '', note].filter(Boolean).join('; '),
  };
}

/** Sizes in MB (relman's own peaks, what it held): the median, and the range when there are several. */
function megabytes(values) {
  if (values.length === 0) return 'not measured';
  const { median, min, max } = summary(values);
  return values.length === 1 ? `${median.toFixed(1)} MB` : `${median.toFixed(1)} MB (${min.toFixed(1)}–${max.toFixed(1)})`;
}

function seconds(s) {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`;
}

function machine() {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores (shared with other work while it ran)`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- ${os.type()} ${os.release()}; Node.js ${process.version}; ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim()}`,
    ...(process.env.NODE_EXTRA_CA_CERTS ? ['- This machine sets NODE_EXTRA_CA_CERTS, which costs every Node.js start the reading of a file of certificates; the measured commands run without it (bench/measure.mjs)'] : []),
    `- Peak memory: ${hasGnuTime ? 'GNU time (largest process of the command)' : '/proc sampling'}; relman's own process: process.resourceUsage().maxRSS (bench/rss-probe.mjs), the median of the runs (their range in brackets)`,
  ].join('\n');
}

function render(all) {
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const lines = [
    '# relman benchmark results',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\`.`,
    'Every measured command runs under `nice -n 10`; times are wall clock, median and min – max over the rounds.',
    '"peak" is the largest process of the command (for relman, that is git); "relman" is relman\'s own node process.',
    '',
    machine(),
  ];
  for (const section of all) {
    lines.push('', `## ${section.title}`, '', '| run | median | min – max | peak | relman | agreement | notes |', '|---|---|---|---|---|---|---|');
    for (const r of section.rows) lines.push(`| ${[r.label, r.time, r.range, r.peak, r.own, r.agreement, r.note].join(' | ')} |`);
    if (section.text) lines.push('', section.text);
  }
  return `${lines.join('\n')}\n`;
}
