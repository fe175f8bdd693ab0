/**
 * Chaport does not sign deliveries, so each Chaport Trigger subscription's targetUrl carries a
 * random secret in this query parameter and the trigger refuses requests without it.
 */
export const SECRET_QUERY_PARAMETER = 'n8nSecret';

const SECRET_IN_URL = new RegExp(`([?&]${SECRET_QUERY_PARAMETER}=)[^&#]*`, 'g');

/** The URL with the trigger's secret replaced, for anything shown to users (outputs, errors). */
export function redactTriggerSecret(url: string): string {
	return url.replace(SECRET_IN_URL, '$1REDACTED');
}
