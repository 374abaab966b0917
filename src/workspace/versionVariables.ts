import { applySplices, changeOf, escapeRegExp, lineOf, VERSION_PATTERN, type Splice, type VersionEdit, type VersionForms } from './versionEdit.js';

/**
 * Sets a version variable as python-semantic-release's `version_variables` finds it: the variable's
 * name (optionally quoted, not part of a longer name), an assignment (`=`, `:`, `:=`, `==` or `@`), and
 * a version, optionally quoted: `__version__ = "1.2.0"`, `"version": "1.2.0"`, `VERSION := 1.2.0`.
 * `value` is the version's pattern (a tag's, for the `tf` stamp). A search may find versions that are
 * not this package's, so only the current version changes; any other is reported and left alone.
 */
export function setVersionVariable(text: string, file: string, variable: string, forms: VersionForms, value = VERSION_PATTERN): VersionEdit {
  const pattern = new RegExp(String.raw`(['"])?(?<![\w.-])${escapeRegExp(variable)}\1?\s*(?::=|==|[:=@])\s*(['"])?(?<value>${value})\2?`, 'dg');
  const line = lineOf(text);
  const splices: Splice[] = [];
  const others: string[] = [];
  let done = false;
  for (const match of text.matchAll(pattern)) {
    const [start, end] = match.indices?.groups?.value ?? [0, 0];
    const found = text.slice(start, end);
    const change = changeOf(found, forms);
    if (change === 'done') done = true;
    else if (change.current) splices.push({ start, end, value: change.to });
    else others.push(`${file}:${line(start)}: ${variable} is ${found}, not the current version ${forms[0]?.from}; left unchanged`);
  }
  if (splices.length === 0 && !done && others.length === 0) others.push(`${file}: no version assigned to ${variable}; left unchanged`);
  return { text: applySplices(text, splices), problems: others };
}
