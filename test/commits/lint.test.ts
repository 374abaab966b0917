import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONVENTIONAL_TYPES, commitMessageFromEditFile, isGitGeneratedMessage, lintCommitMessage, parseCommit } from '../../src/commits/index.js';

describe('lintCommitMessage', () => {
  const cases: [string, string, string[]][] = [
    ['conventional', 'fix(api): handle an empty body', []],
    ['breaking with body and footer', 'feat!: drop node 18\n\nbody\n\nBREAKING CHANGE: node 20', []],
    ['upper-case type', 'FIX: shout', []],
    ['CRLF', 'docs: a\r\n\r\nbody\r\n', []],
    ['no type', 'Update readme', ['no type: the header must read type(scope): description, e.g. "fix(api): handle an empty body"']],
    ['words before the colon', 'Update the readme: again', ['no type: the header must read type(scope): description, e.g. "fix(api): handle an empty body"']],
    ['scope without type', '(api): x', ['no type before the colon']],
    ['unknown type', 'feet: walk', ['unknown type "feet": use one of feat, fix, docs, style, refactor, perf, test, build, ci, chore, revert']],
    ['type that is no word', 'fix.api: x', ['type "fix.api" is not a word']],
    ['missing space', 'feat:add a thing', ['missing space after the colon']],
    ['two spaces', 'feat:  add', ['one space, not more, after the colon']],
    ['empty description', 'fix: ', ['empty description after the colon']],
    ['empty description, no space', 'fix:', ['empty description after the colon']],
    ['empty scope', 'fix(): x', ['empty scope: name one or drop the parentheses']],
    ['body right under the header', 'fix: x\nmore text', ['the body must be separated from the header by a blank line']],
    ['several at once', 'feet:x\nbody', ['unknown type "feet": use one of feat, fix, docs, style, refactor, perf, test, build, ci, chore, revert', 'missing space after the colon', 'the body must be separated from the header by a blank line']],
    ['empty', '  \n\n', ['the message is empty']],
  ];
  it.each(cases)('%s', (_name, message, problems) => {
    expect(lintCommitMessage(message)).toEqual(problems);
  });

  it('a message with no problems is one the planner reads as conventional, with a known type', () => {
    const header = fc.tuple(
      fc.oneof(fc.constantFrom(...CONVENTIONAL_TYPES, 'FEAT', 'feet', ''), fc.string({ maxLength: 6 })),
      fc.constantFrom('', '(api)', '()', '( )', '(a(b))'),
      fc.constantFrom('', '!'),
      fc.constantFrom(':', ': ', ':  ', ' : ', ':x'),
      fc.string({ maxLength: 8 }),
    ).map((parts) => parts.join(''));
    fc.assert(
      fc.property(header, fc.constantFrom('', '\n\nbody', '\nbody'), (h, rest) => {
        const message = h + rest;
        if (lintCommitMessage(message).length === 0) {
          expect((CONVENTIONAL_TYPES as readonly string[]).includes(parseCommit(message).type ?? '')).toBe(true);
        }
      }),
    );
  });
});

describe('commit message files', () => {
  it('drops comment lines and everything below the scissors line, as git does', () => {
    const file = '\nfeat: x\n# Please enter the commit message\n\nbody\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n';
    expect(commitMessageFromEditFile(file)).toBe('feat: x\n\nbody');
  });

  it('tells the messages git writes itself', () => {
    expect(isGitGeneratedMessage("Merge branch 'main' into development")).toBe(true);
    expect(isGitGeneratedMessage('fixup! feat: x')).toBe(true);
    expect(isGitGeneratedMessage('Merged the thing')).toBe(false);
  });
});
