import { describe, expect, it } from 'vitest';
import { commitLinker, insertChangelogSection, parseChangelog, renderChangelogSection, renderReleaseNotes, sectionNotes, type ChangelogCommit } from '../../src/changelog/index.js';
import { planCommit } from '../../src/plan/planCommit.js';

function commit(sha: string, message: string): ChangelogCommit {
  return planCommit(sha, message, 'patch');
}

const SHA = 'abcdef1234567890abcdef1234567890abcdef12';

describe('commitLinker', () => {
  it.each([
    ['https://github.com/acme/api.git', `https://github.com/acme/api/commit/${SHA}`],
    ['https://github.com/acme/api', `https://github.com/acme/api/commit/${SHA}`],
    ['https://x-access-token:secret@github.com/acme/api.git', `https://github.com/acme/api/commit/${SHA}`],
    ['git@github.com:acme/api.git', `https://github.com/acme/api/commit/${SHA}`],
    ['ssh://git@github.com/acme/api.git', `https://github.com/acme/api/commit/${SHA}`],
    ['https://GitHub.com/Acme/API/', `https://github.com/Acme/API/commit/${SHA}`],
    ['https://github.example.com/acme/api.git', `https://github.example.com/acme/api/commit/${SHA}`],
    ['https://gitlab.com/group/sub/api.git', `https://gitlab.com/group/sub/api/-/commit/${SHA}`],
    ['git@gitlab.com:group/api.git', `https://gitlab.com/group/api/-/commit/${SHA}`],
    ['ssh://git@gitlab.example.com:2222/group/api.git', `https://gitlab.example.com/group/api/-/commit/${SHA}`],
    ['https://gitlab.example.com:8443/group/api', `https://gitlab.example.com:8443/group/api/-/commit/${SHA}`],
    ['https://bitbucket.org/team/api.git', `https://bitbucket.org/team/api/commits/${SHA}`],
    ['git@bitbucket.org:team/api.git', `https://bitbucket.org/team/api/commits/${SHA}`],
    ['/srv/git/api.git', null],
    ['file:///srv/git/api.git', null],
    ['https://git.example.org/acme/api.git', null],
    ['https://github.com/acme', null],
    [null, null],
  ])('%s → %s', (remote, url) => expect(commitLinker(remote)(SHA)).toBe(url));
});

describe('renderReleaseNotes', () => {
  const noLink = () => null;

  it.each([
    {
      name: 'groups in a fixed order, each commit once, newest first within a group',
      commits: [
        commit('1111111aaaa', 'fix(api): close the socket'),
        commit('2222222bbbb', 'feat!: drop the v1 endpoints\n\nBREAKING CHANGE: clients must call /v2\nand re-authenticate'),
        commit('3333333cccc', 'feat(ui): dark mode'),
        commit('4444444dddd', 'docs: usage'),
        commit('5555555eeee', 'Update the readme'),
        commit('6666666ffff', 'fix: first fix'),
      ],
      notes: [
        '### Breaking changes',
        '',
        '- drop the v1 endpoints (2222222): clients must call /v2 and re-authenticate',
        '',
        '### Features',
        '',
        '- **ui:** dark mode (3333333)',
        '',
        '### Bug fixes',
        '',
        '- **api:** close the socket (1111111)',
        '- first fix (6666666)',
        '',
        '### Other changes',
        '',
        '- usage (4444444)',
        '- Update the readme (5555555)',
        '',
      ].join('\n'),
    },
    { name: 'only the groups that have commits', commits: [commit('7777777', 'chore: deps')], notes: '### Other changes\n\n- deps (7777777)\n' },
    { name: 'no commits, no notes', commits: [], notes: '' },
  ])('$name', ({ commits, notes }) => expect(renderReleaseNotes({ commits, link: noLink })).toBe(notes));

  it('links the short sha to the commit on the forge', () => {
    const notes = renderReleaseNotes({ commits: [commit(SHA, 'fix: x')], link: commitLinker('git@github.com:acme/api.git') });
    expect(notes).toBe(`### Bug fixes\n\n- x ([abcdef1](https://github.com/acme/api/commit/${SHA}))\n`);
  });
});

describe('renderChangelogSection', () => {
  it('heads the notes with the version and the UTC date', () => {
    const section = renderChangelogSection({ version: '2.0.0-rc.1', date: new Date('2025-01-14T23:30:00-05:00'), commits: [commit('1234567', 'feat: x')], link: () => null });
    expect(section).toBe('## 2.0.0-rc.1 (2025-01-15)\n\n### Features\n\n- x (1234567)\n');
  });
});

describe('insertChangelogSection', () => {
  const section = '## 1.1.0 (2025-02-01)\n\n### Features\n\n- new (1111111)\n';

  it.each([
    { name: 'no file yet', existing: null, result: `# Changelog\n\n${section}` },
    { name: 'an empty file', existing: '\n', result: `# Changelog\n\n${section}` },
    {
      name: 'on top of the sections, below title and introduction',
      existing: '# Changelog\n\nAll notable changes.\n\n## 1.0.0 (2025-01-01)\n\n- first\n',
      result: `# Changelog\n\nAll notable changes.\n\n${section}\n## 1.0.0 (2025-01-01)\n\n- first\n`,
    },
    {
      name: 'a file that starts with a section, linked headings',
      existing: '## [1.0.0](https://x/compare) (2025-01-01)\n* old style\n',
      result: `${section}\n## [1.0.0](https://x/compare) (2025-01-01)\n* old style\n`,
    },
    {
      name: 'level-1 release headings (semantic-release majors) count as sections',
      existing: '# Changelog\n# [1.0.0](x) (2025-01-01)\n\n- first\n',
      result: `# Changelog\n\n${section}\n# [1.0.0](x) (2025-01-01)\n\n- first\n`,
    },
    {
      name: 'a title and introduction but no section yet: after them',
      existing: '# Changelog\n\nNotes on releases.\n',
      result: `# Changelog\n\nNotes on releases.\n\n${section}`,
    },
    {
      name: 'a heading inside a code block is not a section',
      existing: '# Changelog\n\n```sh\n# 1.0.0 is old\n```\n\n## 1.0.0\n- x\n',
      result: `# Changelog\n\n\`\`\`sh\n# 1.0.0 is old\n\`\`\`\n\n${section}\n## 1.0.0\n- x\n`,
    },
    {
      name: 'CRLF files stay CRLF',
      existing: '# Changelog\r\n\r\n## 1.0.0\r\n- x\r\n',
      result: `# Changelog\r\n\r\n${section.replace(/\n/g, '\r\n')}\r\n## 1.0.0\r\n- x\r\n`,
    },
  ])('$name', ({ existing, result }) => expect(insertChangelogSection(existing, section)).toBe(result));

  it('parses sections by the version their heading names', () => {
    const doc = parseChangelog('# Changelog\n\n## v2.0.0-rc.1 (2025-02-01)\n- a\n\n## feluda-1.42.2\n- b\n');
    expect(doc.head).toBe('# Changelog\n\n');
    expect(doc.sections.map((s) => s.version)).toEqual(['2.0.0-rc.1', '1.42.2']);
    expect(doc.sections[1]?.text).toBe('## feluda-1.42.2\n- b\n');
  });

  it.each([
    ['1.1.0', '### Features\n\n- new (1111111)\n'],
    ['1.0.0', '- first\n'],
    ['0.9.0', null],
  ])('the notes of section %s', (version, notes) => {
    expect(sectionNotes(insertChangelogSection('## 1.0.0\n\n- first\n\n', section), version)).toBe(notes);
  });
});
