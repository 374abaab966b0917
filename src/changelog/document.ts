/**
 * A CHANGELOG.md as relman sees it: a head (a `# Changelog` title, an introduction) and one section per
 * release, each starting at a level-1 or level-2 heading that names a version. Everything is kept
 * byte for byte; relman only adds sections.
 */
export interface ChangelogSection {
  /** The version its heading names (`1.42.2`, `2.0.0-rc.1`), as written. */
  version: string;
  /** The section's text, heading included, up to the next section. */
  text: string;
}

export interface ChangelogDocument {
  head: string;
  sections: ChangelogSection[];
}

const SECTION_HEADING = /^##? .*?\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]*[0-9A-Za-z])?)/;
const FENCE = /^\s*(```|~~~)/;

export function parseChangelog(text: string): ChangelogDocument {
  const lines = text.split(/(?<=\n)/);
  const sections: ChangelogSection[] = [];
  let head = '';
  let fenced = false;
  for (const line of lines) {
    if (FENCE.test(line)) fenced = !fenced;
    const heading = fenced ? null : SECTION_HEADING.exec(line);
    const current = sections[sections.length - 1];
    if (heading) sections.push({ version: heading[1] ?? '', text: line });
    else if (current) current.text += line;
    else head += line;
  }
  return { head, sections };
}

export function renderChangelog(doc: ChangelogDocument): string {
  return doc.head + doc.sections.map((s) => s.text).join('');
}

/** The notes of a version's section: its text below the heading, or null when the file has no such section. */
export function sectionNotes(text: string, version: string): string | null {
  const section = parseChangelog(text).sections.find((s) => s.version === version);
  if (!section) return null;
  const notes = section.text.slice(section.text.indexOf('\n') + 1).trim();
  return notes ? `${notes}\n` : '';
}

const TITLE = '# Changelog\n\n';

/**
 * Adds a release's section on top of the existing ones, below the head; a file with no release
 * section yet gets it at its end. A missing or empty file becomes `# Changelog` and the section.
 * Line endings follow the file's.
 */
export function insertChangelogSection(existing: string | null, section: string): string {
  if (!existing?.trim()) return TITLE + section;
  const crlf = existing.includes('\r\n');
  const added = crlf ? section.replace(/\r?\n/g, '\r\n') : section;
  const doc = parseChangelog(existing);
  if (doc.sections.length === 0) return endWithBlankLine(existing, crlf) + added;
  return renderChangelog({ head: endWithBlankLine(doc.head, crlf), sections: [{ version: '', text: endWithBlankLine(added, crlf) }, ...doc.sections] });
}

/** Text that ends with an empty line, so the next heading stands apart (empty text stays empty). */
export function endWithBlankLine(text: string, crlf = false): string {
  if (text === '') return text;
  const eol = crlf ? '\r\n' : '\n';
  const trimmed = text.replace(/(\r?\n)+$/, '');
  return trimmed + eol + eol;
}
