export * from './render.js';
export * from './commitLinks.js';
export * from './document.js';
