export * from './semver.js';
export * from './pep440.js';
export * from './tagFormat.js';
export * from './refName.js';
export * from './hotfixLine.js';
