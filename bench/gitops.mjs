// relman gitops update over a generated config repository: 1,000 files with a Flux $imagepolicy
// marker each, 50 ImagePolicy objects (one image repository each) on a real registry (Debian's
// docker-registry on 127.0.0.1, started and filled through the test helper).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { measure, RSS_PROBE, summary } from './measure.mjs';
import { CACHE, PROJECT, scratchCopy } from './repos.mjs';

const POLICIES = 50;
const FILES = 1000;
const TAGS = ['1.0.0', '1.1.0', '1.2.0', '1.2.1', '2.0.0'];

/** Skips, saying why, where relman has no gitops command or the registry binary is missing. */
export async function benchGitops({ relman, rounds, log, row }) {
  const title = `gitops update: ${FILES.toLocaleString('en')} marked files, ${POLICIES} policies (target: < 2 s plus the registry's time)`;
  if (!existsSync(path.join(PROJECT, 'src', 'gitops', 'update.ts'))) return { title, rows: [], text: 'Not measured: this build of relman has no `gitops update`.' };
  const helper = await registryHelper();
  if (!existsSync(helper.REGISTRY_BIN)) return { title, rows: [], text: `Not measured: ${helper.REGISTRY_BIN} is missing (.ci/install-gitops-deps.sh installs it).` };
  log(`gitops: starting a registry and pushing ${POLICIES * TAGS.length} images`);
  const registry = await helper.startRegistry();
  try {
    for (let i = 0; i < POLICIES; i++) for (const tag of TAGS) await helper.pushImage(registry, `bench/app-${i}`, tag);
    const repo = configRepository(registry.host);
    const dockerConfig = mkdtempSync(path.join(os.tmpdir(), 'relman-bench-docker-'));
    const runs = [];
    const registryTimes = [];
    let changed = null;
    for (let round = 1; round <= rounds; round++) {
      const copy = scratchCopy(repo, 'gitops');
      const run = await measure([process.execPath, '--import', RSS_PROBE, relman, 'gitops', 'update', '--json'], { cwd: copy, env: { DOCKER_CONFIG: dockerConfig } });
      if (run.code === 0) changed = JSON.parse(run.stdout).files?.length ?? null;
      runs.push(run);
      registryTimes.push(await tagListTime(registry.host));
      rmSync(copy, { recursive: true, force: true });
    }
    rmSync(dockerConfig, { recursive: true, force: true });
    const registryMs = Math.round(summary(registryTimes).median * 1000);
    return {
      title,
      rows: [row('relman gitops update --json', runs, { note: `${changed ?? '?'} files changed, one commit; the registry alone answers ${POLICIES} tag lists, ${POLICIES} at once, in ${registryMs} ms` })],
    };
  } finally {
    await registry.stop();
  }
}

/** test/helpers/registry.ts, bundled for this script: the tests' own registry and image pushes. */
async function registryHelper() {
  const outfile = path.join(CACHE, 'registry-helper.mjs');
  await build({ entryPoints: [path.join(PROJECT, 'test', 'helpers', 'registry.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

/** A config repository: the Flux objects, and 1,000 manifests each with one marker at an old tag. */
function configRepository(host) {
  const dir = path.join(CACHE, 'gitops-config');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'flux'), { recursive: true });
  const objects = [];
  const fluxObject = (kind, name, spec) => `apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n${spec}`;
  for (let i = 0; i < POLICIES; i++) {
    objects.push(fluxObject('ImageRepository', `app-${i}`, `  image: ${host}/bench/app-${i}\n  interval: 5m`));
    objects.push(fluxObject('ImagePolicy', `app-${i}`, `  imageRepositoryRef:\n    name: app-${i}\n  policy:\n    semver:\n      range: '>=1.0.0 <2.0.0'`));
  }
  writeFileSync(path.join(dir, 'flux', 'policies.yaml'), `${objects.join('\n---\n')}\n`);
  for (let f = 0; f < FILES; f++) {
    const app = f % POLICIES;
    const file = path.join(dir, 'apps', `team-${f % 20}`, `service-${f}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${f}
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${host}/bench/app-${app}:1.0.0 # {"$imagepolicy": "flux-system:app-${app}"}
`);
  }
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  execFileSync('git', ['config', 'user.name', 'Bench'], { cwd: dir });
  execFileSync('git', ['config', 'user.email', 'bench@example.com'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['commit', '-q', '-m', 'chore: config repository'], { cwd: dir, env });
  return dir;
}

/** Seconds the registry takes to list every policy's tags, all at once, as relman asks. */
async function tagListTime(host) {
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: POLICIES }, async (_, i) => (await fetch(`http://${host}/v2/bench/app-${i}/tags/list`)).json()));
  return Number(process.hrtime.bigint() - started) / 1e9;
}
