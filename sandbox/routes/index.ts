// The 23 REST endpoints of the Chaport API, in table order per resource.

import { chatRoutes } from './chats';
import { messageRoutes } from './messages';
import { operatorRoutes } from './operators';
import type { Route } from './router';
import { subscriptionRoutes } from './subscriptions';
import { visitorRoutes } from './visitors';

export const apiRoutes: readonly Route[] = [
	...operatorRoutes,
	...visitorRoutes,
	...chatRoutes,
	...messageRoutes,
	...subscriptionRoutes,
];

export { dispatch } from './router';
export type { RequestContext, RouteResult } from './router';
