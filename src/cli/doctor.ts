import { RelmanError } from '../errors.js';
import { diagnose, type Finding } from '../doctor/diagnose.js';
import { parseFlags } from './args.js';
import { printJson, type Output } from './output.js';

const HELP = `Usage: relman doctor [--json] [--cwd DIR]

Checks that the repository is ready for a correct release, and for each finding names the fix:
  error    dirty-tree               uncommitted changes to tracked files (relman release refuses)
  error    tags-not-fetched         the remote has tags this clone lacks (git fetch --tags)
  warning  remote-unreachable       the remote could not be asked for its tags
  warning  shallow-clone            history is cut (git fetch --unshallow --tags)
  warning  untagged-package         a package with no release tag yet
  warning  version-mismatch         a manifest's version differs from its latest tag
  warning  unmerged-release-branch  a release-* branch with commits main lacks
Exit 0 when there is no error (warnings allowed), 1 when any finding is an error.

  --json   {"healthy":bool,"findings":[{"check","severity","message","fix"}]}`;

export async function run(argv: string[], output: Output): Promise<number> {
  const { values, cwd } = parseFlags('doctor', argv, {});
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const findings = await diagnose(cwd);
  const errors = findings.filter((f) => f.severity === 'error');
  if (values.json) await printJson(output, { healthy: errors.length === 0, findings });
  else output.out(renderFindings(findings));
  if (errors.length) {
    throw new RelmanError(`${errors.length === 1 ? '1 error' : `${errors.length} errors`} to fix before a release: ${errors.map((f) => f.check).join(', ')}`, errors.map((f) => f.fix).join('; then '));
  }
  return 0;
}

function renderFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'healthy: nothing to fix';
  const lines = findings.flatMap((f) => [`${f.severity.padEnd(7)}  ${f.check}: ${f.message}`, `         fix: ${f.fix}`]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(`${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}: ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`);
  return lines.join('\n');
}
