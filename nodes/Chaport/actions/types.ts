import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One operation: runs for one input item and returns the output items' JSON. */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
) => Promise<IDataObject[]>;

export interface OperationModule {
	description: INodeProperties[];
	execute: OperationExecute;
}

export type ChaportResource = 'visitor' | 'chat' | 'message' | 'operator' | 'webhook';
