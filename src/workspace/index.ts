export * from './types.js';
export * from './errors.js';
export * from './adapters.js';
export * from './pyproject.js';
export * from './packageJson.js';
export * from './cargo.js';
export * from './chart.js';
export * from './versionFile.js';
