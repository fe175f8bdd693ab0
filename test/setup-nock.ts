import nock from 'nock';

// Jest gives every test file a fresh nock module, but the http module nock patches is shared by
// the whole worker. Without this, a file's interceptor outlives the file and answers (or lets
// through to the real network) the requests of the next file that runs in the same worker.
afterAll(() => {
	nock.cleanAll();
	nock.restore();
});
