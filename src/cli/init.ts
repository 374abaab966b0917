import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load.js';
import { RelmanError } from '../errors.js';
import { detectRepository } from '../init/detect.js';
import { renderRelmanToml } from '../init/relmanToml.js';
import { renderWorkflows } from '../init/workflows.js';
import { readRepository } from '../repository/readRepository.js';
import { parseFlags } from './args.js';
import { printJson, warn, type Output } from './output.js';
import { relmanVersion } from './version.js';

const HELP = `Usage: relman init [--dry-run] [--json] [--cwd DIR]

Writes, for the repository it finds:
  relman.toml                                  the packages found and adopted tag formats (as comments),
                                               earlier tooling's release commits, branches to sync
  .github/workflows/relman-pull-request.yml    pull requests: lint the title and commits, test and
                                               security-check (bandit, pip-audit, npm audit) each
                                               changed package
  .github/workflows/relman-release.yml         on push to main and weekly on Tuesday: release, build an
                                               image per released package, update the GitOps repository,
                                               sync branches
A file that exists is never overwritten: relman says so and leaves it.

  --dry-run   show what would be written; write nothing
  --json      {"files":[{"path","status"}]} with status written | exists | would-write`;

type FileStatus = 'written' | 'exists' | 'would-write';

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('init', argv, { 'dry-run': { type: 'boolean', default: false } });
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const state = await readRepository(cwd);
  for (const w of state.warnings) warn(output, w);
  const facts = await detectRepository(state);
  const files = [{ path: CONFIG_FILE, text: renderRelmanToml(facts) }, ...renderWorkflows(facts, relmanVersion())];
  const results: { path: string; status: FileStatus }[] = [];
  for (const file of files) results.push({ path: file.path, status: await writeNew(state.root, file.path, file.text, values['dry-run']) });

  if (values.json) await printJson(output, { files: results });
  else {
    const verb: Record<FileStatus, string> = { written: 'wrote', exists: 'kept (it exists; not overwritten)', 'would-write': 'would write' };
    output.out(results.map((r) => `${verb[r.status]} ${r.path}`).join('\n'));
    if (values['dry-run']) output.out('(dry run: nothing was written)');
  }
  return 0;
}

/** Writes a file that does not exist yet; never replaces one (the `wx` flag fails if it appeared meanwhile). */
async function writeNew(root: string, file: string, text: string, dryRun: boolean): Promise<FileStatus> {
  const full = path.join(root, file);
  if (await access(full).then(() => true, () => false)) return 'exists';
  if (dryRun) return 'would-write';
  try {
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text, { flag: 'wx' });
    return 'written';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw new RelmanError(`cannot write ${file}: ${(e as Error).message}`);
  }
}
