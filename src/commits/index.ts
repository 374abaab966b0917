export * from './parse.js';
export * from './bump.js';
export * from './lint.js';
