import { githubContext } from '../forge/github.js';
import { applyRelease } from '../release/apply.js';
import { publishGithubReleases, releaseTagsAtHead, type PublishedRelease } from '../release/githubReleases.js';
import { readRepository } from '../repository/readRepository.js';
import { parseFlags } from './args.js';
import { notifyRelease } from './notifyRelease.js';
import { printJson, warn, type Output } from './output.js';
import { renderPlan } from './plan.js';
import { PLAN_FLAGS, planFromFlags, planJson } from './planOptions.js';

const HELP = `Usage: relman release [--dry-run] [--push] [--github] [--notify URL] [--json] [--package NAME]... [--prerelease ID] [--cwd DIR]

Applies exactly the plan \`relman plan\` shows: writes the new versions into the manifests, makes one
release commit (chore(release): …) and one annotated tag per released package on it.

  --dry-run         show what would be released; change nothing
  --push            push the branch and the tags atomically (git push --atomic)
  --remote NAME     remote to push to (default: the branch's upstream, else origin)
  --github          then create a GitHub release per tag (GITHUB_TOKEN, GITHUB_REPOSITORY,
                    GITHUB_API_URL); with nothing new to release, those of the release commit at HEAD
                    that GitHub lacks
  --notify URL      post the released packages to this Slack webhook (or env:NAME; default:
                    [notify] slack in relman.toml, else SLACK_WEBHOOK_URL); a failure only warns
  --package NAME    only this package (repeatable)
  --prerelease ID   release candidates X.Y.Z-ID.N (e.g. rc)
  --json            the plan that was applied, as JSON on stdout`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('release', argv, {
    ...PLAN_FLAGS,
    'dry-run': { type: 'boolean', default: false },
    push: { type: 'boolean', default: false },
    remote: { type: 'string' },
    notify: { type: 'string' },
    github: { type: 'boolean', default: false },
  });
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  // Checked before anything changes, so a missing token never meets a half-finished release.
  const github = values.github ? githubContext(process.env) : null;
  const state = await readRepository(cwd);
  const plan = planFromFlags(state, values, output);
  const outcome = await applyRelease(state, plan, {
    dryRun: values['dry-run'],
    push: values.push,
    remote: values.remote,
    log: (line) => output.err(line),
    warn: (warning) => warn(output, warning),
  });
  if (!values['dry-run']) await notifyRelease(outcome.released, { root: state.root, branch: state.head.branch, config: state.config, flag: values.notify }, output);
  let githubReleases: PublishedRelease[] | undefined;
  if (github && !values['dry-run']) {
    const tags = outcome.tags.length ? outcome.tags : await releaseTagsAtHead(state);
    githubReleases = await publishGithubReleases(state, tags, github, { dryRun: false, log: (line) => output.err(line) });
  }
  if (values.json) {
    await printJson(output, { ...(planJson(plan) as object), files: outcome.files, ...(githubReleases ? { githubReleases } : {}) });
    return 0;
  }
  if (values['dry-run']) output.out(`${renderPlan(plan)}${outcome.files.length ? `\n\nwould write: ${outcome.files.join(', ')}` : ''}\n(dry run: nothing was changed)`);
  else if (outcome.releasedElsewhere) output.out(`already released: ${outcome.tags.join(', ')} (by another run)`);
  else if (outcome.resumed) output.out(`finished the release ${outcome.tags.join(', ')}${outcome.pushed ? ' (pushed)' : ''}`);
  else if (outcome.tags.length) output.out(`released ${outcome.tags.join(', ')}${outcome.pushed ? ' (pushed)' : ''}`);
  else output.out('nothing to release');
  return 0;
}
