import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { commitBump, highestBump, parseCommit } from '../../src/commits/index.js';

describe('parseCommit', () => {
  const cases: [string, string, Partial<ReturnType<typeof parseCommit>>][] = [
    ['type only', 'fix: correct typo', { type: 'fix', scope: null, breaking: false, subject: 'correct typo' }],
    ['scope', 'feat(api): add endpoint', { type: 'feat', scope: 'api', subject: 'add endpoint' }],
    ['bang', 'feat!: drop node 18', { type: 'feat', breaking: true }],
    ['scope and bang', 'refactor(core)!: rename', { type: 'refactor', scope: 'core', breaking: true }],
    ['case-insensitive type', 'FEAT(Api): shout', { type: 'feat', scope: 'Api' }],
    ['mixed case type', 'Fix: something', { type: 'fix' }],
    ['no space after colon', 'feat:missing space', { type: null, subject: 'feat:missing space' }],
    ['not conventional', 'Update readme', { type: null, breaking: false, subject: 'Update readme' }],
    ['empty description', 'fix: ', { type: null }],
    ['revert', 'Revert "feat: x"', { type: null }],
    ['breaking footer', 'fix: a\n\nBREAKING CHANGE: the API changed', { type: 'fix', breaking: true }],
    ['breaking footer synonym', 'fix: a\n\nBREAKING-CHANGE: changed', { breaking: true }],
    ['footer after body', 'fix: a\n\nsome body\n\nRefs: #1\nBREAKING CHANGE: x', { breaking: true, body: 'some body' }],
    ['lower-case breaking is not a breaking footer', 'fix: a\n\nbreaking change: nope', { breaking: false }],
    ['breaking text inside a body line', 'fix: a\n\nThis avoids a BREAKING CHANGE: for users', { breaking: false }],
    ['breaking line without blank line before it is body', 'fix: a\n\nbody line\nBREAKING CHANGE: x', { breaking: false }],
    ['breaking in a non-conventional message', 'update stuff\n\nBREAKING CHANGE: x', { type: null, breaking: false }],
    ['CRLF', 'feat(x): y\r\n\r\nbody\r\n\r\nBREAKING CHANGE: z\r\n', { type: 'feat', scope: 'x', subject: 'y', breaking: true, body: 'body' }],
    ['multi-paragraph body', 'fix: a\n\np1\n\np2 line\np2 more\n\nReviewed-by: Z', { body: 'p1\n\np2 line\np2 more', footers: [{ token: 'Reviewed-by', value: 'Z' }] }],
    ['hash footer', 'fix: a\n\nFixes #42', { footers: [{ token: 'Fixes', value: '42' }] }],
  ];
  it.each(cases)('%s', (_name, message, expected) => {
    expect(parseCommit(message)).toMatchObject(expected);
  });

  it('keeps a multi-line footer value together', () => {
    const c = parseCommit('feat: a\n\nBREAKING CHANGE: first line\nsecond line\nRefs: 7');
    expect(c.footers).toEqual([
      { token: 'BREAKING CHANGE', value: 'first line\nsecond line' },
      { token: 'Refs', value: '7' },
    ]);
  });

  it('classifies any message without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (message) => {
        const c = parseCommit(message);
        expect(typeof c.subject).toBe('string');
        expect(c.type === null || /^[a-z][a-z0-9_-]*$/.test(c.type)).toBe(true);
        if (c.type === null) expect(c.breaking).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the type of any well-formed header wrapped in random bodies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('feat', 'fix', 'chore', 'Docs', 'PERF'),
        fc.option(fc.stringMatching(/^[a-z-]{1,8}$/), { nil: undefined }),
        fc.boolean(),
        fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}$/),
        fc.string({ maxLength: 200 }),
        (type, scope, bang, subject, body) => {
          const message = `${type}${scope ? `(${scope})` : ''}${bang ? '!' : ''}: ${subject}\n\n${body}`;
          const c = parseCommit(message);
          expect(c.type).toBe(type.toLowerCase());
          expect(c.scope).toBe(scope ?? null);
          if (bang) expect(c.breaking).toBe(true);
        },
      ),
    );
  });
});

describe('commitBump', () => {
  it.each([
    ['feat!: x', 'patch', 'major'],
    ['feat: x', 'patch', 'minor'],
    ['fix: x', 'patch', 'patch'],
    ['chore: x', 'patch', 'patch'],
    ['docs(readme): x', 'none', 'patch'],
    ['wip', 'patch', 'patch'],
    ['wip', 'none', null],
    ['perf: x\n\nBREAKING CHANGE: y', 'patch', 'major'],
  ] as const)('%s with nonConventional=%s → %s', (message, nonConventional, bump) => {
    expect(commitBump(parseCommit(message), nonConventional)).toBe(bump);
  });

  it('takes the highest bump', () => {
    expect(highestBump(['patch', null, 'minor', 'patch'])).toBe('minor');
    expect(highestBump(['patch', 'major', 'minor'])).toBe('major');
    expect(highestBump([null])).toBeNull();
  });
});
