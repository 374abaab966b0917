import { RelmanError } from '../errors.js';
import { processOutput, type Output } from './output.js';
import { asksForVersion, relmanVersion } from './version.js';

/** A command module: parses its own flags, calls the core, renders; returns the exit status. */
export type CommandRun = (argv: string[], output: Output) => Promise<number>;

interface Command {
  summary: string;
  load: () => Promise<{ run: CommandRun }>;
}

// Each command loads on demand, so starting relman parses only the command that runs.
const COMMANDS: Record<string, Command> = {
  changed: { summary: 'packages changed since their latest tag or a ref; a CI job matrix', load: () => import('./changed.js') },
  doctor: { summary: 'find what stands between this repository and a correct release, with the fix', load: () => import('./doctor.js') },
  gitops: { summary: 'move image tags in a GitOps config repo: update, status, rollback, restore', load: () => import('./gitops.js') },
  'github-release': { summary: 'create the GitHub releases that tags lack (GITHUB_TOKEN, GITHUB_REPOSITORY)', load: () => import('./githubRelease.js') },
  hotfix: { summary: 'cut a hotfix line from the production tag; merge it back into main', load: () => import('./hotfix.js') },
  image: { summary: 'promote an image: copy IMAGE:SRC_TAG under a new tag, same digest', load: () => import('./image.js') },
  'image-tag': { summary: 'the sortable image tag for HEAD: <branch>-<sha7>-<commit time>', load: () => import('./imageTag.js') },
  init: { summary: 'write a commented relman.toml and GitHub Actions workflows for this repository', load: () => import('./init.js') },
  lint: { summary: 'check Conventional Commits: a message, a range of commits, or a commit-msg hook', load: () => import('./lint.js') },
  plan: { summary: 'show what a release would do, per package', load: () => import('./plan.js') },
  release: { summary: 'write versions, changelogs, one release commit and tags; --push', load: () => import('./release.js') },
  status: { summary: 'latest tag, manifest version and unreleased commits per package', load: () => import('./status.js') },
  sync: { summary: 'bring main into other branches (fast-forward or merge); --push', load: () => import('./sync.js') },
};

const USAGE = `relman — release manager for polyglot monorepos and GitOps config repositories

Usage: relman <command> [flags]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(Math.max(...Object.keys(COMMANDS).map((n) => n.length)))}  ${c.summary}`)
  .join('\n')}

Every command takes --cwd DIR, --json, --debug and --help.
Exit status: 0 done, 1 a failure to fix, 2 a usage error.`;

export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (asksForVersion(name)) {
    output.out(relmanVersion());
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    output.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    output.err(`relman: error: unknown command "${name}"`);
    output.err('hint: run relman --help for the list of commands');
    return 2;
  }
  const debug = rest.includes('--debug');
  try {
    const mod = await command.load();
    return await mod.run(rest, output);
  } catch (e) {
    if (e instanceof RelmanError) {
      output.err(`relman: error: ${e.message}`);
      if (e.hint) output.err(`hint: ${e.hint}`);
      if (debug && e.stack) output.err(e.stack);
      return e.exitCode;
    }
    output.err(`relman: error: ${(e as Error)?.message ?? String(e)}`);
    if (debug && (e as Error)?.stack) output.err((e as Error).stack ?? '');
    else output.err('hint: this is a bug in relman; run again with --debug and report the output');
    return 1;
  }
}
