// The Node test environment, plus a flag telling test/setup-console.ts whether the running test
// has failed (jest-circus reports it to the environment, not to the test file).
const { TestEnvironment } = require('jest-environment-node');

class QuietOnSuccessEnvironment extends TestEnvironment {
	handleTestEvent(event) {
		if (event.name === 'test_start') this.global.__chaportTestFailed = false;
		if (event.name === 'test_fn_failure' || event.name === 'hook_failure') {
			this.global.__chaportTestFailed = true;
			this.global.__chaportFileFailed = true;
		}
	}
}

module.exports = QuietOnSuccessEnvironment;
