import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

import * as chat from '../../nodes/Chaport/actions/chat/Chat.resource';
import * as message from '../../nodes/Chaport/actions/message/Message.resource';
import * as operator from '../../nodes/Chaport/actions/operator/Operator.resource';
import * as visitor from '../../nodes/Chaport/actions/visitor/Visitor.resource';
import * as webhook from '../../nodes/Chaport/actions/webhook/Webhook.resource';

// Where things live (the README's "Code layout"): these rules keep it findable.

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** The files a source file imports, as paths relative to the repository root. */
function localImports(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/from '(\.[^']+)'/g)].map((match) =>
		relative(root, resolve(dirname(file), match[1])),
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
		const operations = sourceFiles(join(root, 'nodes')).filter((f) => f.endsWith('.operation.ts'));
		expect(operations.length).toBeGreaterThan(20);
		for (const file of operations) {
			const imported = localImports(file).filter((path) => path.endsWith('.operation'));
			expect([relative(root, file), imported]).toEqual([relative(root, file), []]);
		}
	});

	it('keeps the trigger independent of the action node: what both use is in nodes/shared', () => {
		for (const file of sourceFiles(join(root, 'nodes/ChaportTrigger'))) {
			const fromActionNode = localImports(file).filter((path) => path.startsWith('nodes/Chaport/'));
			expect([relative(root, file), fromActionNode]).toEqual([relative(root, file), []]);
		}
		for (const file of sourceFiles(join(root, 'nodes/shared'))) {
			const fromNodes = localImports(file).filter(
				(path) => path.startsWith('nodes/Chaport/') || path.startsWith('nodes/ChaportTrigger/'),
			);
			expect([relative(root, file), fromNodes]).toEqual([relative(root, file), []]);
		}
	});
});
