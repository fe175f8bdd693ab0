// PostgreSQL and Redis for the queue-mode lane, from the Debian packages (postgresql,
// redis-server; e2e/queue.sh installs them when missing). Each run gets its own throw-away
// PostgreSQL cluster and Redis server in the work folder, on loopback ports of its own, started
// as child processes (tracked by PID in processes.mjs and stopped on exit, Ctrl-C or SIGTERM).
// Nothing of the system's own PostgreSQL or Redis service is used or touched.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { LOOPBACK, waitFor } from './net.mjs';
import { startProcess } from './processes.mjs';

/** The newest /usr/lib/postgresql/<version>/bin, where Debian keeps initdb and postgres. */
export function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(a) - Number(b))
		: [];
	if (!versions.length) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
	return join(root, versions.at(-1), 'bin');
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the "postgres" user. */
function postgresUser() {
	if (process.getuid?.() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
	return { uid, gid };
}

/**
 * A fresh cluster in <dir>/pg (trust authentication, loopback only, durability switched off: it
 * is thrown away afterwards) with a database and owner for n8n. Resolves once it accepts
 * connections.
 */
export async function startPostgres({ dir, port, database = 'n8n', user = 'n8n', log = () => {} }) {
	const bin = postgresBinDir();
	const data = join(dir, 'pg');
	const socketDir = join(dir, 'pg-socket');
	const logFile = join(dir, 'postgres.log');
	const owner = postgresUser();
	for (const d of [data, socketDir]) {
		mkdirSync(d, { recursive: true, mode: 0o700 });
		if (owner.uid !== undefined) chownSync(d, owner.uid, owner.gid);
	}
	const run = async (name, command, args) => {
		const child = startProcess(name, join(bin, command), args, { logFile, ...owner });
		const { code, signal } = await child.exited;
		if (code !== 0) throw new Error(`${command} exited ${code ?? signal}, see ${logFile}`);
	};
	await run('initdb', 'initdb', ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
	const child = startProcess(
		'postgres',
		join(bin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			socketDir,
			'-c',
			`listen_addresses=${LOOPBACK}`,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		],
		// SIGINT is PostgreSQL's fast shutdown: it does not wait for sessions to end
		{ logFile, stopSignal: 'SIGINT', ...owner },
	);
	await waitFor(
		'PostgreSQL',
		async () => {
			if (child.exitCode !== null || child.signalCode !== null)
				throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}), see ${logFile}`);
			try {
				execFileSync(join(bin, 'pg_isready'), ['-h', LOOPBACK, '-p', String(port), '-q'], {
					stdio: 'ignore',
				});
				return true;
			} catch {
				return false;
			}
		},
		{ timeoutMs: 120000, intervalMs: 300 },
	);
	await run('createdb', 'createdb', ['-h', LOOPBACK, '-p', String(port), '-U', user, database]);
	const version = execFileSync(join(bin, 'postgres'), ['--version']).toString().trim();
	log(`${version} on ${LOOPBACK}:${port} (PID ${child.pid})`);
	const query = (sql) =>
		execFileSync(
			join(bin, 'psql'),
			['-h', LOOPBACK, '-p', String(port), '-U', user, '-d', database, '-AtX', '-c', sql],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		)
			.toString()
			.trim();
	return {
		child,
		port,
		query,
		/** A workflow's static data as n8n saved it in the database. */
		staticData: async (workflowId) => {
			if (!/^[A-Za-z0-9]+$/.test(workflowId)) throw new Error(`odd workflow id ${workflowId}`);
			const raw = query(`select "staticData" from workflow_entity where id = '${workflowId}'`);
			return raw ? JSON.parse(raw) : null;
		},
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: LOOPBACK,
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			// trust authentication: any password is accepted
			DB_POSTGRESDB_PASSWORD: 'n8n',
		},
	};
}

/** A Redis server without persistence on 127.0.0.1:port. */
export async function startRedis({ dir, port, log = () => {} }) {
	const logFile = join(dir, 'redis.log');
	mkdirSync(dir, { recursive: true });
	const child = startProcess(
		'redis',
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			LOOPBACK,
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--daemonize',
			'no',
		],
		{ logFile },
	);
	await waitFor(
		'Redis',
		async () => {
			if (child.exitCode !== null || child.signalCode !== null)
				throw new Error(
					`redis-server exited (${child.exitCode ?? child.signalCode}), see ${logFile}`,
				);
			try {
				return (
					execFileSync('redis-cli', ['-h', LOOPBACK, '-p', String(port), 'ping'], {
						stdio: ['ignore', 'pipe', 'ignore'],
					})
						.toString()
						.trim() === 'PONG'
				);
			} catch {
				return false;
			}
		},
		{ timeoutMs: 60000, intervalMs: 200 },
	);
	const version = execFileSync('redis-server', ['--version']).toString().trim().split(' ')[2];
	log(`Redis ${version} on ${LOOPBACK}:${port} (PID ${child.pid})`);
	return {
		child,
		port,
		env: { QUEUE_BULL_REDIS_HOST: LOOPBACK, QUEUE_BULL_REDIS_PORT: String(port) },
	};
}
