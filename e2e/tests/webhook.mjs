// webhook resource in the real n8n (added once the resource lands).
export const tests = [];
