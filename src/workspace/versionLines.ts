import { escapeRegExp, type VersionEdit, type VersionForms } from './versionEdit.js';

/**
 * A Python regular expression as JavaScript reads it: named groups `(?P<name>…)` and `(?P=name)`
 * become `(?<name>…)` and `\k<name>`; null when it still does not compile.
 */
function pythonRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, String.raw`\k<$1>`));
  } catch {
    return null;
  }
}

/** Any of these versions as a whole, not inside a longer one (`1.2.0` is not in `11.2.0`, `1.2.0.1` or `1.2.0-rc.1`). */
function wholeVersions(versions: readonly string[]): RegExp {
  const alternatives = [...new Set(versions)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  return new RegExp(String.raw`(?<![0-9.])(?:${alternatives})(?![0-9A-Za-z]|[-+.][0-9A-Za-z])`, 'g');
}

/**
 * Sets the version as commitizen's `version_files` does: on each line that `pattern` (a Python
 * regular expression) matches, or on every line without one, the current version becomes the new one.
 * Line endings stay as they are.
 */
export function setVersionOnLines(text: string, file: string, pattern: string | undefined, forms: VersionForms): VersionEdit {
  const selects = pattern === undefined ? null : pythonRegExp(pattern);
  if (pattern !== undefined && !selects) return { text, problems: [`${file}: the pattern ${JSON.stringify(pattern)} is not a regular expression relman can read; left unchanged`] };
  const current = wholeVersions(forms.map((f) => f.from));
  const next = wholeVersions(forms.map((f) => f.to));
  let changed = false;
  let done = false;
  const lines = text.split(/(?<=\n)/).map((line) => {
    if (selects && !selects.test(line.replace(/\r?\n$/, ''))) return line;
    const edited = line.replace(current, (found) => forms.find((f) => f.from === found)?.to ?? found);
    changed ||= edited !== line;
    done ||= edited === line && next.test(line);
    next.lastIndex = 0;
    return edited;
  });
  if (changed || done) return { text: lines.join(''), problems: [] };
  const where = pattern === undefined ? '' : ` on a line matching ${JSON.stringify(pattern)}`;
  return { text, problems: [`${file}: the current version ${forms[0]?.from} is not${where}; left unchanged`] };
}
