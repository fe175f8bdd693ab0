/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	// Prints a test's console output only when it fails (test/setup-console.ts).
	testEnvironment: '<rootDir>/test/environment.js',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.ts'],
	setupFilesAfterEnv: [
		'<rootDir>/test/setup-nock.ts',
		'<rootDir>/test/setup-clock.ts',
		'<rootDir>/test/setup-console.ts',
	],
	testTimeout: 30000,
	maxWorkers: 2,
};
