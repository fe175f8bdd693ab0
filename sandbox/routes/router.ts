// Minimal method + path router for the REST API (paths are matched without the /api/v1 prefix).

import { ApiError, notFound } from '../errors';
import type { SandboxState } from '../store';
import type { ResolvedOptions } from '../types';
import type { WebhookEvent } from '../webhooks';

export interface RequestContext {
	state: SandboxState;
	options: ResolvedOptions;
	/** decoded path parameters, in pattern order */
	params: string[];
	query: Record<string, string>;
	/** parsed JSON body, undefined when the request had none */
	body: unknown;
	/** http://host:port the request came to, for absolute links (switch `absoluteLinks`) */
	origin: string;
	/** delivers webhooks in the background (REST mutations do not wait for them) */
	notify(events: WebhookEvent[]): void;
}

export interface RouteResult {
	status?: number;
	/** undefined: no body at all (e.g. a 204) */
	body: unknown;
}

/** Answer of a DELETE: `{result: true}`, or 204 without a body (switch `deleteResponse`). */
export function deleted(options: ResolvedOptions): RouteResult {
	return options.alternatives.deleteResponse === 'empty'
		? { status: 204, body: undefined }
		: { body: { result: true } };
}

/** An API path as a link: a path, or an absolute URL with the `absoluteLinks` switch. */
export function link(ctx: Pick<RequestContext, 'options' | 'origin'>, path: string): string {
	return ctx.options.alternatives.absoluteLinks ? `${ctx.origin}${path}` : path;
}

export type Handler = (ctx: RequestContext) => RouteResult;

export interface Route {
	method: string;
	pattern: RegExp;
	handler: Handler;
}

/** `'/visitors/:visitorId/chats'` -> a route whose `:name` segments become params. */
export function route(method: string, path: string, handler: Handler): Route {
	const source = path
		.split('/')
		.map((segment) =>
			segment.startsWith(':') ? '([^/]+)' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
		)
		.join('/');
	return { method, pattern: new RegExp(`^${source}$`), handler };
}

export function dispatch(
	routes: readonly Route[],
	method: string,
	path: string,
	ctx: Omit<RequestContext, 'params'>,
): RouteResult {
	let pathMatched = false;
	for (const r of routes) {
		const match = r.pattern.exec(path);
		if (!match) continue;
		pathMatched = true;
		if (r.method !== method) continue;
		let params: string[];
		try {
			params = match.slice(1).map((p) => decodeURIComponent(p));
		} catch {
			throw notFound(`No resource at ${path}`);
		}
		return r.handler({ ...ctx, params });
	}
	if (pathMatched)
		throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}`);
	throw notFound(`No endpoint ${method} ${path}`);
}
