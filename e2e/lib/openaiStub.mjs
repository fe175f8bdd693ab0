// A local stand-in for the OpenAI API, so n8n's real AI Agent and OpenAI Chat Model nodes run
// without a real model: the model node's credential points its Base URL here (127.0.0.1). Each
// request the model node makes is answered by the next scripted turn. A turn is a function of
// what the model would have been shown (system prompt, user prompt, tools, tool results so far)
// and returns either tool calls or a final text, like a real model's reply.
//
// Both OpenAI APIs the model node can use are served: the Responses API (POST /v1/responses,
// what n8n's OpenAI Chat Model 1.3 uses by default) and Chat Completions
// (POST /v1/chat/completions, with "Use Responses API" off or on older node versions).
// Streaming is not offered: an agent started by a trigger asks without it, and a stream request
// is answered with an error that names the cause.
import { createServer } from 'node:http';

import { LOOPBACK } from './net.mjs';

const text = (content) =>
	typeof content === 'string'
		? content
		: Array.isArray(content)
			? content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('')
			: '';

/** What a Responses API request shows the model, in the stub's neutral shape. */
function viewOfResponsesRequest(body) {
	const input =
		typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
	const calls = new Map();
	const view = {
		api: 'responses',
		model: body.model,
		system: text(body.instructions ?? ''),
		user: '',
		tools: (body.tools ?? [])
			.filter((t) => t.type === 'function')
			.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
		toolResults: [],
	};
	for (const item of input ?? []) {
		if (item.type === 'function_call') {
			calls.set(item.call_id, { name: item.name, args: JSON.parse(item.arguments || '{}') });
		} else if (item.type === 'function_call_output') {
			const call = calls.get(item.call_id) ?? {};
			view.toolResults.push({ callId: item.call_id, ...call, output: text(item.output) });
		} else if (item.role === 'system' || item.role === 'developer') {
			view.system += text(item.content);
		} else if (item.role === 'user') {
			view.user += text(item.content);
		}
	}
	return view;
}

/** What a Chat Completions request shows the model, in the same shape. */
function viewOfChatRequest(body) {
	const calls = new Map();
	const view = {
		api: 'chat',
		model: body.model,
		system: '',
		user: '',
		tools: (body.tools ?? []).map((t) => ({
			name: t.function?.name,
			description: t.function?.description,
			parameters: t.function?.parameters,
		})),
		toolResults: [],
	};
	for (const message of body.messages ?? []) {
		if (message.role === 'system' || message.role === 'developer')
			view.system += text(message.content);
		else if (message.role === 'user') view.user += text(message.content);
		else if (message.role === 'assistant') {
			for (const call of message.tool_calls ?? []) {
				calls.set(call.id, {
					name: call.function.name,
					args: JSON.parse(call.function.arguments || '{}'),
				});
			}
		} else if (message.role === 'tool') {
			const call = calls.get(message.tool_call_id) ?? {};
			view.toolResults.push({
				callId: message.tool_call_id,
				...call,
				output: text(message.content),
			});
		}
	}
	return view;
}

const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15 };

function responsesAnswer(turn, n, model) {
	const output = turn.calls
		? turn.calls.map((call, i) => ({
				type: 'function_call',
				id: `fc_${n}_${i}`,
				call_id: `call_${n}_${i}`,
				name: call.name,
				arguments: JSON.stringify(call.args ?? {}),
				status: 'completed',
			}))
		: [
				{
					type: 'message',
					id: `msg_${n}`,
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: turn.text, annotations: [] }],
				},
			];
	return {
		id: `resp_${n}`,
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		model,
		output,
		usage,
	};
}

function chatAnswer(turn, n, model) {
	const message = turn.calls
		? {
				role: 'assistant',
				content: null,
				tool_calls: turn.calls.map((call, i) => ({
					id: `call_${n}_${i}`,
					type: 'function',
					function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
				})),
			}
		: { role: 'assistant', content: turn.text };
	return {
		id: `chatcmpl_${n}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, finish_reason: turn.calls ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
	};
}

const API_ERROR = (status, message) => ({
	status,
	body: { error: { message, type: 'invalid_request_error', code: null } },
});

export async function startOpenAiStub() {
	const requests = []; // { api, path, body, view, turn }
	let script = [];
	let served = 0;

	function answer(path, body) {
		const api = path.endsWith('/responses') ? 'responses' : 'chat';
		if (body?.stream) {
			return API_ERROR(
				400,
				'the local OpenAI stub does not stream; the agent asked with stream: true',
			);
		}
		const view = api === 'responses' ? viewOfResponsesRequest(body) : viewOfChatRequest(body);
		const record = { api, path, body, view, turn: undefined };
		requests.push(record);
		const next = script.shift();
		if (!next)
			return API_ERROR(
				400,
				`the local OpenAI stub has no scripted turn left (request ${requests.length})`,
			);
		let turn;
		try {
			turn = next(view);
		} catch (error) {
			// A turn that cannot decide (e.g. a tool result it needed is missing) fails the run loudly,
			// with a 400: the OpenAI client would repeat a 5xx, which would play the next turn.
			return API_ERROR(400, `scripted turn ${requests.length} failed: ${error.message}`);
		}
		record.turn = turn;
		served++;
		return {
			status: 200,
			body:
				api === 'responses'
					? responsesAnswer(turn, served, body.model)
					: chatAnswer(turn, served, body.model),
		};
	}

	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = undefined;
			}
			const path = new URL(req.url, 'http://stub').pathname;
			let result;
			if (req.method === 'GET' && path.endsWith('/models')) {
				result = {
					status: 200,
					body: { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model' }] },
				};
			} else if (req.method === 'POST' && /\/(responses|chat\/completions)$/.test(path)) {
				result = answer(path, body ?? {});
			} else {
				result = API_ERROR(404, `the local OpenAI stub does not serve ${req.method} ${path}`);
			}
			res.writeHead(result.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(result.body));
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, LOOPBACK, resolve);
	});
	const url = `http://${LOOPBACK}:${server.address().port}`;
	return {
		/** The Base URL for n8n's OpenAI credential. */
		baseUrl: `${url}/v1`,
		requests,
		/** Replaces the script: one function per model turn, (view) => { calls } or { text }. */
		script: (turns) => {
			script = [...turns];
			requests.length = 0;
		},
		/** Turns not used yet. */
		pending: () => script.length,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
