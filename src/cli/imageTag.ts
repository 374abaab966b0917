import { RelmanError } from '../errors.js';
import { commitInfo } from '../git/commitInfo.js';
import { headState, locateRepo } from '../git/repo.js';
import { sortableTag, tagSafeBranch } from '../gitops/imageTag.js';
import { parseFlags } from './args.js';
import { printJson, type Output } from './output.js';

const HELP = `Usage: relman image-tag [--branch NAME] [--rev REV] [--json] [--cwd DIR]

Prints the sortable image tag for a commit: <branch>-<sha7>-<unix commit time>, e.g.
release-v1.42.2-3f2a9c1-1700000000. The branch is made a valid tag ("/" and other characters become
"-"). The commit time, not the build time, so rebuilding the same commit gives the same tag.
Select these tags with a numerical ImagePolicy: filterTags pattern
'^main-[a-f0-9]+-(?P<ts>[0-9]+)$', extract '$ts', policy numerical order asc.

  --branch NAME   the branch to name (default: the checked-out branch; on a detached HEAD, as in
                  CI, $GITHUB_HEAD_REF, $GITHUB_REF_NAME, $CI_COMMIT_REF_NAME or $BRANCH_NAME)
  --rev REV       the commit (default: HEAD)
  --json          {"tag","branch","sha","commitTime"} on stdout`;

const FLAGS = { branch: { type: 'string' }, rev: { type: 'string' } } as const;
// CI systems check out a detached HEAD and name the branch in the environment.
const CI_BRANCH_VARIABLES = ['GITHUB_HEAD_REF', 'GITHUB_REF_NAME', 'CI_COMMIT_REF_NAME', 'BRANCH_NAME'];

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('image-tag', argv, FLAGS);
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const location = await locateRepo(cwd);
  const { root } = location;
  const branch = values.branch ?? (await headState(root, location)).branch ?? CI_BRANCH_VARIABLES.map((v) => process.env[v]).find(Boolean);
  if (!branch) throw new RelmanError('HEAD is detached and no branch is named', 'pass --branch NAME');
  if (!tagSafeBranch(branch)) throw new RelmanError(`the branch name ${JSON.stringify(branch)} leaves nothing for an image tag`, 'pass --branch NAME');
  const commit = await commitInfo(root, values.rev ?? 'HEAD');
  const tag = sortableTag(branch, commit.sha, commit.commitTime);
  if (values.json) await printJson(output, { tag, branch, sha: commit.sha, commitTime: commit.commitTime });
  else output.out(tag);
  return 0;
}
