import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONVENTIONAL_TYPES, commitMessageFromEditFile, isGitGeneratedMessage, lintCommitMessage } from '../commits/lint.js';
import { loadConfig } from '../config/load.js';
import { RelmanError, UsageError } from '../errors.js';
import { streamLog } from '../git/log.js';
import { resolveCommit } from '../git/refs.js';
import { repoRoot } from '../git/repo.js';
import { releaseCommitFilter } from '../repository/releaseCommit.js';
import { parseFlags } from './args.js';
import { printJson, type Output } from './output.js';

const HELP = `Usage: relman lint (--message MSG | --range A..B | --edit FILE) [--json] [--cwd DIR]

Checks Conventional Commits: a header type(scope)!: description with a known type, one space after
the colon, a description, and a blank line before the body. Names each offending commit and what is
wrong; exit 1 when any is. Types: ${CONVENTIONAL_TYPES.join(', ')}.

  --message MSG   check one message (e.g. a pull request title)
  --range A..B    check the commits in B that A lacks (B defaults to HEAD); merge commits and
                  release commits (relman's, or releaseCommits in relman.toml) are skipped
  --edit FILE     check a commit message file, as a commit-msg hook: lines starting with # are
                  dropped as git does; merge, fixup!, squash! and amend! messages pass
  --json          {"checked":N,"offending":[{"sha","subject","problems":[...]}]} on stdout

As a commit-msg hook: printf '#!/bin/sh\\nexec relman lint --edit "$1"\\n' > .git/hooks/commit-msg`;

/** One message to check: `sha` null for a message that is no commit yet. */
interface Candidate {
  sha: string | null;
  message: string;
}

interface Offending {
  sha: string | null;
  subject: string;
  problems: string[];
}

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('lint', argv, {
    message: { type: 'string' },
    range: { type: 'string' },
    edit: { type: 'string' },
  });
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const modes = [values.message, values.range, values.edit].filter((v) => v !== undefined);
  if (modes.length !== 1) throw new UsageError('lint: give exactly one of --message, --range and --edit', 'run: relman lint --help');

  const candidates =
    values.message !== undefined ? [{ sha: null, message: values.message }]
    : values.edit !== undefined ? await editFileCandidates(path.resolve(cwd, values.edit))
    : await rangeCandidates(cwd, values.range ?? '');
  const offending = candidates.flatMap((c): Offending[] => {
    const problems = lintCommitMessage(c.message);
    return problems.length ? [{ sha: c.sha, subject: c.message.trim().split('\n')[0] ?? '', problems }] : [];
  });

  if (values.json) await printJson(output, { checked: candidates.length, offending });
  else if (offending.length) output.out(renderOffending(offending));
  else output.out(`${candidates.length} ${candidates.length === 1 ? 'message follows' : 'messages follow'} Conventional Commits`);
  if (offending.length) {
    const what = candidates.length === 1 ? 'the message is' : `${offending.length} of ${candidates.length} commits are`;
    throw new RelmanError(`${what} not a Conventional Commit`, 'a header reads type(scope): description, e.g. "fix(api): handle an empty body"; add ! before the colon for a breaking change');
  }
  return 0;
}

function renderOffending(offending: Offending[]): string {
  return offending.map((o) => [`${o.sha ? `${o.sha.slice(0, 7)} ` : ''}${o.subject || '(empty message)'}`, ...o.problems.map((p) => `  - ${p}`)].join('\n')).join('\n');
}

async function editFileCandidates(file: string): Promise<Candidate[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new RelmanError(`cannot read the commit message file ${file}: ${(e as Error).message}`);
  }
  const message = commitMessageFromEditFile(text);
  return isGitGeneratedMessage(message) ? [] : [{ sha: null, message }];
}

/** The commits of `A..B` newest first, without merges and release commits. */
async function rangeCandidates(cwd: string, range: string): Promise<Candidate[]> {
  const dots = range.indexOf('..');
  if (dots < 1 || range.includes('...')) throw new UsageError(`lint: --range takes A..B (the commits in B that A lacks), not "${range}"`);
  const root = await repoRoot(cwd);
  const [from, to, config] = await Promise.all([
    resolveCommit(root, range.slice(0, dots), '--range'),
    resolveCommit(root, range.slice(dots + 2) || 'HEAD', '--range'),
    loadConfig(root),
  ]);
  const isReleaseCommit = releaseCommitFilter(config.releaseCommits);
  const candidates: Candidate[] = [];
  for await (const batch of streamLog(root, { from: [to], exclude: [from] })) {
    for (const c of batch) if (c.parents.length <= 1 && !isReleaseCommit(c.message)) candidates.push({ sha: c.sha, message: c.message });
  }
  return candidates;
}
