import type { INodeParameters, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { deepCopy, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { Chaport } from '../../nodes/Chaport/Chaport.node';
import { ChaportTrigger } from '../../nodes/ChaportTrigger/ChaportTrigger.node';

export const CHAPORT_NODE_TYPE = 'n8n-nodes-chaport.chaport';
export const CHAPORT_TRIGGER_NODE_TYPE = 'n8n-nodes-chaport.chaportTrigger';
export const CHAPORT_TOOL_NODE_TYPE = 'n8n-nodes-chaport.chaportTool';

/**
 * The AI-agent tool variant n8n derives from a node marked usableAsTool: the same node under the
 * name "<name>Tool" with an ai_tool output, so '@tool' display options apply as they do in n8n.
 */
export function toolVariant(node: INodeType): INodeType {
	const description = deepCopy(node.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	return Object.assign(Object.create(Object.getPrototypeOf(node) as object) as INodeType, node, {
		description,
	});
}

export class TestNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {
		[CHAPORT_NODE_TYPE]: new Chaport(),
		[CHAPORT_TRIGGER_NODE_TYPE]: new ChaportTrigger(),
		[CHAPORT_TOOL_NODE_TYPE]: toolVariant(new Chaport()),
	};

	/** Adds a node type beside the package's own, e.g. the benchmarks' minimal baseline node. */
	register(name: string, type: INodeType): void {
		this.types[name] = type;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** The subtitle the editor shows under a node of this type with these parameters on the canvas. */
export function canvasSubtitle(type: string, parameters: INodeParameters): unknown {
	const nodeTypes = new TestNodeTypes();
	const { subtitle } = nodeTypes.getByNameAndVersion(type).description;
	const node = {
		id: 'n1',
		name: 'Node',
		type,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, subtitle!, 'internal', {});
}
