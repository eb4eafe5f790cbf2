// Dates a user gives (an ISO text from a date picker or an expression, or epoch milliseconds) as
// the unix seconds Telegram's requests take.
import { InputError } from '../transport/errors';

/** Unix seconds of a date parameter; undefined when the field is empty. */
export function unixSeconds(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	if (!Number.isFinite(ms)) {
		throw new InputError(
			`${field} "${String(value)}" is not a date`,
			'Use an ISO date such as 2030-01-31T09:00:00Z.',
		);
	}
	return Math.floor(ms / 1000);
}
