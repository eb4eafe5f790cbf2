import { LoggerProxy } from 'n8n-workflow';

/** Captures every line written to n8n's logger (the transport routes GramJS there). */
export function captureLogs(): string[] {
	const lines: string[] = [];
	const record = (level: string) => (message: string, meta?: object) => {
		lines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
	};
	LoggerProxy.init({
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
	} as never);
	return lines;
}
