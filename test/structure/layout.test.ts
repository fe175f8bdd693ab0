/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test reading the source tree */
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as chat from '../../nodes/Chaport/actions/chat/Chat.resource';
import * as message from '../../nodes/Chaport/actions/message/Message.resource';
import * as operator from '../../nodes/Chaport/actions/operator/Operator.resource';
import * as visitor from '../../nodes/Chaport/actions/visitor/Visitor.resource';
import * as webhook from '../../nodes/Chaport/actions/webhook/Webhook.resource';

// Where things live (the README's "Code layout"): these rules keep it findable.

// jest runs from the repository root.
const root = path.resolve('.');

function allFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir).flatMap((name) => {
		const file = path.join(dir, name);
		if (name === 'node_modules' || name.startsWith('.harness') || name.startsWith('.work'))
			return [];
		return fs.statSync(file).isDirectory() ? allFiles(file) : [file];
	});
}

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir).flatMap((name) => {
		const file = path.join(dir, name);
		if (fs.statSync(file).isDirectory()) return sourceFiles(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

/** The files a source file imports, as paths relative to the repository root. */
function localImports(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	return [...text.matchAll(/from '(\.[^']+)'/g)].map((match) =>
		path.relative(root, path.resolve(path.dirname(file), match[1])),
	);
}

describe('code layout', () => {
	it('registers operation modules that export only their description and execute', () => {
		for (const resource of [chat, message, operator, visitor, webhook]) {
			for (const [name, module] of Object.entries(resource.operations)) {
				expect([name, Object.keys(module).sort()]).toEqual([name, ['description', 'execute']]);
			}
		}
	});

	it('has no operation file importing another operation file', () => {
		const operations = sourceFiles(path.join(root, 'nodes')).filter((f) =>
			f.endsWith('.operation.ts'),
		);
		expect(operations.length).toBeGreaterThan(20);
		for (const file of operations) {
			const imported = localImports(file).filter((imported) => imported.endsWith('.operation'));
			expect([path.relative(root, file), imported]).toEqual([path.relative(root, file), []]);
		}
	});

	it('keeps the trigger independent of the action node: what both use is in nodes/shared', () => {
		for (const file of sourceFiles(path.join(root, 'nodes/ChaportTrigger'))) {
			const fromActionNode = localImports(file).filter((imported) =>
				imported.startsWith('nodes/Chaport/'),
			);
			expect([path.relative(root, file), fromActionNode]).toEqual([path.relative(root, file), []]);
		}
		for (const file of sourceFiles(path.join(root, 'nodes/shared'))) {
			const fromNodes = localImports(file).filter(
				(imported) =>
					imported.startsWith('nodes/Chaport/') || imported.startsWith('nodes/ChaportTrigger/'),
			);
			expect([path.relative(root, file), fromNodes]).toEqual([path.relative(root, file), []]);
		}
	});

	it('points to nothing outside the repository (no private documents, no absolute paths)', () => {
		const roots = [
			'nodes',
			'credentials',
			'sandbox',
			'test',
			'scripts',
			'bench',
			'examples',
			'docs',
			'.ci',
		];
		const texts = [
			...roots.flatMap((dir) => allFiles(path.join(root, dir))),
			...['README.md', 'e2e/install.sh', 'e2e/e2e.sh', 'e2e/run.mjs', 'e2e/start.mjs'].map((file) =>
				path.join(root, file),
			),
			...['lib', 'tests'].flatMap((dir) => allFiles(path.join(root, 'e2e', dir))),
		].filter((file) => /\.(ts|mjs|js|sh|md|json)$|\/run$/.test(file) && fs.existsSync(file));
		// Built from pieces so that this file does not match itself.
		const outside = new RegExp(
			[
				'/work' + '/',
				'shared' + '/reference',
				'chaport-api' + '\\.md',
				'\\breference ' + '\\d',
			].join('|'),
			'i',
		);
		const offenders = texts
			.filter((file) => outside.test(fs.readFileSync(file, 'utf8')))
			.map((file) => path.relative(root, file));
		expect(offenders).toEqual([]);
	});
});
