import type { Ecosystem, RepositoryFacts } from './detect.js';

/** A GitHub Actions expression: `${{ … }}`. */
function e(expression: string): string {
  return `\${{ ${expression} }}`;
}

export interface WorkflowFile {
  path: string;
  text: string;
}

/** The steps every job that runs relman starts with; `checkout` lines go under actions/checkout's `with:`. */
function relmanSteps(version: string, checkout: string[] = ['fetch-depth: 0']): string {
  return `      - uses: actions/checkout@v4
        with:
${checkout.map((line) => `          ${line}`).join('\n')}
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install relman
        run: npm install --global relman@${version}`;
}

// GitHub's registry takes the workflow's own token; another registry, the REGISTRY_* secrets.
const REGISTRY_LOGIN = `      - uses: docker/login-action@v3
        with:
          registry: ${e('env.REGISTRY_HOST')}
          username: ${e('secrets.REGISTRY_USERNAME || github.actor')}
          password: ${e('secrets.REGISTRY_PASSWORD || secrets.GITHUB_TOKEN')}`;

const GIT_IDENTITY = `      - name: Commit as github-actions[bot]
        run: |
          git config user.name "github-actions[bot]"
          git config user.email "41898282+github-actions[bot]@users.noreply.github.com"`;

/** A step condition: the package folder of this matrix entry holds FILE. */
function hasFile(file: string): string {
  return `hashFiles(format('{0}/${file}', matrix.path)) != ''`;
}

const TEST_STEPS: Record<Ecosystem, string> = {
  python: `      - if: ${hasFile('pyproject.toml')}
        uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Python tests
        if: ${hasFile('pyproject.toml')}
        run: |
          python -m pip install --upgrade pip
          python -m pip install -e . pytest
          python -m pytest`,
  node: `      - name: Node tests
        if: ${hasFile('package.json')}
        run: |
          npm install --no-audit --no-fund
          npm test --if-present`,
  rust: `      - name: Rust tests
        if: ${hasFile('Cargo.toml')}
        run: cargo test --locked`,
  helm: `      - name: Helm chart lint
        if: ${hasFile('Chart.yaml')}
        run: helm lint .`,
};

// The seed's checks: bandit (high severity and up) and pip-audit for Python, npm audit for Node.
const SECURITY_STEPS: Partial<Record<Ecosystem, string>> = {
  python: `      - if: ${hasFile('pyproject.toml')}
        uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Bandit and pip-audit
        if: ${hasFile('pyproject.toml')}
        run: |
          python -m pip install bandit pip-audit
          bandit -r . --severity-level high
          pip-audit .`,
  node: `      - name: npm audit
        if: ${hasFile('package.json')}
        run: |
          # npm audit reads a lockfile; make one where the package has none.
          npm install --package-lock-only --ignore-scripts --no-audit --no-fund
          npm audit --audit-level=high`,
};

/** A job run once per package in the matrix that job `source` outputs, skipped when it lists none. */
function perPackageJob(id: string, title: string, source: string): string {
  return `  ${id}:
    name: ${title} ${e('matrix.name')}
    needs: ${source}
    if: needs.${source}.outputs.packages != '[]'
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix: ${e(`fromJSON(needs.${source}.outputs.matrix)`)}`;
}

/** A job over the changed packages, each step run in the package's folder. */
function changedPackagesJob(id: string, title: string, steps: string[]): string {
  return `${perPackageJob(id, title, 'changed')}
    defaults:
      run:
        working-directory: ${e('matrix.path')}
    steps:
      - uses: actions/checkout@v4
${steps.join('\n')}`;
}

function pullRequestWorkflow(facts: RepositoryFacts, version: string): string {
  const branches = [facts.mainBranch, ...facts.syncBranches];
  const security = facts.ecosystems.flatMap((eco) => SECURITY_STEPS[eco] ?? []);
  return `# Pull requests: Conventional Commits, then tests and security checks of each package the pull
# request changes. Written by \`relman init\`. The package list comes from \`relman changed\`, so adding
# a package needs no edit here. Adjust the test commands to how this repository runs its tests.
name: relman pull request

on:
  pull_request:
    branches: [${branches.join(', ')}]

permissions:
  contents: read

jobs:
  lint:
    name: Conventional Commits
    runs-on: ubuntu-latest
    steps:
${relmanSteps(version)}
      - name: Lint the pull request title
        env:
          TITLE: ${e('github.event.pull_request.title')}
        run: relman lint --message "$TITLE"
      - name: Lint the pull request's commits
        env:
          BASE: ${e('github.event.pull_request.base.sha')}
          HEAD: ${e('github.event.pull_request.head.sha')}
        run: relman lint --range "$BASE..$HEAD"

  changed:
    name: Changed packages
    runs-on: ubuntu-latest
    outputs:
      packages: ${e('steps.changed.outputs.packages')}
      matrix: ${e('steps.changed.outputs.matrix')}
    steps:
${relmanSteps(version)}
      - id: changed
        env:
          BASE: ${e('github.event.pull_request.base.sha')}
        run: relman changed --since "$BASE"

${changedPackagesJob('test', 'Test', facts.ecosystems.map((eco) => TEST_STEPS[eco]))}
${security.length ? `\n${changedPackagesJob('security', 'Security', security)}\n` : ''}`;
}

function releaseWorkflow(facts: RepositoryFacts, version: string): string {
  const main = facts.mainBranch;
  // The weekly release brings the integration branch into main, as the seed's Tuesday release does.
  const integration = facts.syncBranches.find((b) => ['development', 'develop', 'staging'].includes(b));
  const promote = integration
    ? `  promote:
    name: Bring ${integration} into ${main}
    if: github.event_name != 'push'
    runs-on: ubuntu-latest
    steps:
${relmanSteps(version, ['fetch-depth: 0', `ref: ${main}`])}
${GIT_IDENTITY}
      - run: relman sync --from ${integration} --push ${main}

`
    : '';
  const sync = facts.syncBranches.length
    ? `
  sync:
    name: Bring ${main} into ${facts.syncBranches.join(', ')}
    needs: release
    runs-on: ubuntu-latest
    steps:
${relmanSteps(version, ['fetch-depth: 0', `ref: ${main}`])}
${GIT_IDENTITY}
      - run: relman sync --push
`
    : '';
  return `# Releases: on every push to ${main}, and weekly on Tuesday (so the week is left for firefighting).
# Written by \`relman init\`. One job releases (versions, changelogs, tags, push, Slack message), one
# builds an image per released package, one moves the image tags in the GitOps config repository.
# Pushes made with GITHUB_TOKEN start no other workflow, so this one carries the release through.
#
# Secrets it reads (Settings → Secrets and variables → Actions), all optional:
#   SLACK_WEBHOOK_URL                      the Slack incoming webhook for release messages
#   REGISTRY_USERNAME, REGISTRY_PASSWORD   credentials of a registry other than GitHub's (ghcr.io)
#   GITOPS_TOKEN                           a token that may push to GITOPS_REPOSITORY
name: relman release

on:
  push:
    branches: [${main}]
  schedule:
    - cron: "0 9 * * 2"
  workflow_dispatch:

# One release at a time: a push during a release waits for it.
concurrency:
  group: relman-release
  cancel-in-progress: false

permissions:
  contents: write
  packages: write

env:
  # Images go to $REGISTRY/<package>; GitHub's own registry needs no secret.
  REGISTRY_HOST: ghcr.io
  REGISTRY: ghcr.io/${e('github.repository_owner')}
  # owner/name of the config repository Flux or Argo CD deploy from; empty: no GitOps update.
  GITOPS_REPOSITORY: ""

jobs:
${promote}  release:
    name: Release
${promote ? `    needs: promote
    if: ${e('!failure() && !cancelled()')}
` : ''}    runs-on: ubuntu-latest
    outputs:
      packages: ${e('steps.changed.outputs.packages')}
      matrix: ${e('steps.changed.outputs.matrix')}
      gitops-repository: ${e('env.GITOPS_REPOSITORY')}
    steps:
${relmanSteps(version, ['fetch-depth: 0', `ref: ${main}`])}
${GIT_IDENTITY}
      # Before the release: the packages it is about to release, as a job matrix.
      - id: changed
        run: relman changed
      # Versions, changelogs, tags, push, a GitHub release per tag, one Slack message.
      - name: Release
        env:
          GITHUB_TOKEN: ${e('secrets.GITHUB_TOKEN')}
          SLACK_WEBHOOK_URL: ${e('secrets.SLACK_WEBHOOK_URL')}
        run: relman release --push --github

${perPackageJob('images', 'Image', 'release')}
    steps:
${relmanSteps(version, ['fetch-depth: 0', `ref: ${main}`])}
      # A sortable tag, <branch>-<sha7>-<commit time>, that image policies order by.
      - id: tag
        run: echo "tag=$(relman image-tag)" >> "$GITHUB_OUTPUT"
${REGISTRY_LOGIN}
      - name: Build and push
        if: ${hasFile('Dockerfile')}
        env:
          IMAGE: ${e('env.REGISTRY')}/${e('matrix.name')}
          TAG: ${e('steps.tag.outputs.tag')}
          FOLDER: ${e('matrix.path')}
        run: |
          docker build --tag "$IMAGE:$TAG" "$FOLDER"
          docker push "$IMAGE:$TAG"

  gitops:
    name: Update the GitOps config repository
    needs: [release, images]
    if: needs.release.outputs.gitops-repository != ''
    runs-on: ubuntu-latest
    steps:
${relmanSteps(version, [`repository: ${e('env.GITOPS_REPOSITORY')}`, `token: ${e('secrets.GITOPS_TOKEN')}`, 'fetch-depth: 0'])}
${GIT_IDENTITY}
      # relman reads the registry's tags with the credentials docker login stores.
${REGISTRY_LOGIN}
      - run: relman gitops update --push
${sync}`;
}

/** The workflows `relman init` writes, for the repository as found and the relman version that writes them. */
export function renderWorkflows(facts: RepositoryFacts, relmanVersion: string): WorkflowFile[] {
  return [
    { path: '.github/workflows/relman-pull-request.yml', text: pullRequestWorkflow(facts, relmanVersion) },
    { path: '.github/workflows/relman-release.yml', text: releaseWorkflow(facts, relmanVersion) },
  ];
}
