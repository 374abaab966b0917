import { describe, expect, it } from 'vitest';
import { RelmanError } from '../../src/errors.js';
import { versionFile } from '../../src/workspace/versionFile.js';
import { catchError } from './catchError.js';

describe('VERSION: read then write changes only the version characters', () => {
  it.each([
    { name: 'trailing newline', text: '1.2.3\n', write: '1.3.0', expected: '1.3.0\n' },
    { name: 'no trailing newline', text: '1.2.3', write: '2.0.0-rc.1', expected: '2.0.0-rc.1' },
    { name: 'CRLF', text: '0.1.0\r\n', write: '0.1.1', expected: '0.1.1\r\n' },
    { name: 'surrounding blank lines', text: '\n0.1.0\n\n', write: '0.2.0', expected: '\n0.2.0\n\n' },
  ])('$name', ({ text, write, expected }) => {
    const manifest = versionFile.read(text, 'services/api/VERSION');
    expect(versionFile.writeVersion(text, manifest, write)).toBe(expected);
  });
});

describe('VERSION: name', () => {
  it('is the folder name', () => {
    expect(versionFile.read('1.0.0\n', 'services/api/VERSION', 'repo')).toMatchObject({ name: 'api', version: '1.0.0', line: 1 });
  });
  it("is the repository's name at the root", () => {
    expect(versionFile.read('1.0.0\n', 'VERSION', 'deepdesk-engine').name).toBe('deepdesk-engine');
  });
});

describe('VERSION: errors name the file and line', () => {
  it.each([
    { text: '\nabc\n', message: 'api/VERSION:2: version "abc" is not a version' },
    { text: '1.0.0\n2.0.0\n', message: 'api/VERSION:1: version "1.0.0\n2.0.0" is not a version' },
    { text: '\n', message: 'api/VERSION:1: is empty' },
  ])('$message', ({ text, message }) => {
    const error = catchError(() => versionFile.read(text, 'api/VERSION'));
    expect(error).toBeInstanceOf(RelmanError);
    expect(error.message.slice(0, message.length)).toBe(message);
  });
});
