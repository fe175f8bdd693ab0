// The alternative pass: the sandbox-backed tests only (scripts/test-alternative.js).
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	setupFilesAfterEnv: [...base.setupFilesAfterEnv, '<rootDir>/test/setup-alternative.ts'],
};
