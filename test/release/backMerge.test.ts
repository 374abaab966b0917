import { describe, expect, it } from 'vitest';
import { mergeChangelogSections } from '../../src/release/backMerge.js';

const section = (version: string, line = `- ${version}`) => `## ${version} (2025-01-01)\n\n${line}\n`;

describe('mergeChangelogSections', () => {
  it.each([
    {
      name: "the hotfix's section goes below main's newer candidates",
      ours: `# Changelog\n\n${section('1.43.0-rc.1')}\n${section('1.42.1')}`,
      theirs: `# Changelog\n\n${section('1.42.2')}\n${section('1.42.1')}`,
      merged: `# Changelog\n\n${section('1.43.0-rc.1')}\n${section('1.42.2')}\n${section('1.42.1')}`,
    },
    {
      name: 'on top when it is the newest',
      ours: `# Changelog\n\n${section('1.42.1')}`,
      theirs: `# Changelog\n\n${section('1.42.2')}\n${section('1.42.1')}`,
      merged: `# Changelog\n\n${section('1.42.2')}\n${section('1.42.1')}`,
    },
    {
      name: 'at the end when older than all of main',
      ours: section('2.0.0'),
      theirs: section('1.0.1'),
      merged: `${section('2.0.0')}\n${section('1.0.1')}`,
    },
    {
      name: 'several sections, each by its version',
      ours: `${section('1.5.0')}\n${section('1.3.0')}\n${section('1.1.0')}`,
      theirs: `${section('1.3.1')}\n${section('1.1.2')}\n${section('1.1.1')}`,
      merged: [section('1.5.0'), section('1.3.1'), section('1.3.0'), section('1.1.2'), section('1.1.1'), section('1.1.0')].join('\n'),
    },
    {
      name: "main's text of a section both have stays",
      ours: section('1.0.0', '- edited on main'),
      theirs: section('1.0.0', '- as released'),
      merged: section('1.0.0', '- edited on main'),
    },
    {
      name: 'main had no section yet',
      ours: '# Changelog\n',
      theirs: section('1.0.1'),
      merged: `# Changelog\n\n${section('1.0.1')}`,
    },
  ])('$name', ({ ours, theirs, merged }) => expect(mergeChangelogSections(ours, theirs)).toBe(merged));
});
