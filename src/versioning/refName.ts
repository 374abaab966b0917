/**
 * Git's rules for a ref name (git-check-ref-format), checked here so hostile package or branch
 * names are refused before they reach git. Returns the reason a name is invalid, or null.
 */
export function refNameProblem(name: string): string | null {
  if (name === '' || name === '@') return 'is empty or "@"';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'has an empty path component';
  if (name.endsWith('.')) return 'ends with "."';
  if (name.startsWith('-')) return 'starts with "-"';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'has a component starting with "."';
    if (part.endsWith('.lock')) return 'has a component ending with ".lock"';
  }
  return null;
}
