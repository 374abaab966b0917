import { githubContext } from '../forge/github.js';
import { publishGithubReleases, releaseTagsAtHead } from '../release/githubReleases.js';
import { RelmanError } from '../errors.js';
import { readRepository } from '../repository/readRepository.js';
import { parseFlags } from './args.js';
import { printJson, type Output } from './output.js';

const HELP = `Usage: relman github-release [--tag TAG]... [--dry-run] [--json] [--cwd DIR]

Creates the GitHub release of each tag that has none yet: named after the tag, the release notes from
the tag's message (its changelog section), marked prerelease for a release candidate. Releases GitHub
already has are left as they are, so it is safe to run again after a failure.

  --tag TAG     a tag to publish (repeatable; default: the tags of the release commit at HEAD)
  --dry-run     ask GitHub which releases are missing; create none
  --json        {"releases":[{"tag","url","prerelease","created"}]} on stdout

Environment (as GitHub Actions sets it): GITHUB_TOKEN (needs contents: write), GITHUB_REPOSITORY
(owner/repo), GITHUB_API_URL (default https://api.github.com).`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('github-release', argv, {
    tag: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean', default: false },
  });
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const github = githubContext(process.env);
  const state = await readRepository(cwd);
  const tags = values.tag ?? (await releaseTagsAtHead(state));
  if (tags.length === 0) {
    throw new RelmanError('HEAD is not a relman release commit, so there are no tags to publish', 'name them: relman github-release --tag TAG');
  }
  const releases = await publishGithubReleases(state, tags, github, { dryRun: values['dry-run'], log: (line) => output.err(line) });
  if (values.json) await printJson(output, { releases });
  else {
    const created = releases.filter((r) => r.created).map((r) => r.tag);
    const verb = values['dry-run'] ? 'would create' : 'created';
    output.out(created.length ? `${verb} GitHub releases for ${created.join(', ')}` : 'every tag has its GitHub release already');
  }
  return 0;
}
