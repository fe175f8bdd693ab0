import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { simplifyField, visitorLocator } from '../common.descriptions';
import { readVisitorId } from '../common.parameters';
import { chatOutput, fetchLastChat, noChatError } from './visitorChats';
import { readBoolean } from '../../../shared/validation';

const properties: INodeProperties[] = [visitorLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getLast'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const visitorId = readVisitorId.call(this, itemIndex);
	const simplify = readBoolean(this, 'simplify', 'Simplify', true, itemIndex);
	const last = await fetchLastChat.call(this, visitorId, itemIndex);
	// Outputting nothing would silently end the branch; a visitor without a chat is an error the
	// workflow can route with "Continue (using error output)".
	if (!last) throw noChatError.call(this, visitorId, itemIndex);
	return [chatOutput(last.chat, visitorId, simplify)];
}
