export * from './parse.js';
export * from './bump.js';
