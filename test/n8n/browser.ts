// Headless Chromium (Debian's package) driven by playwright-core, for pages a person uses: the
// login forms. The machine's network is closed: these flags keep Chromium from dialling out.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface HeadlessBrowser {
	/** A fresh page of a fresh context (its own cookies), the size of a laptop window. */
	newPage(): Promise<Page>;
	close(): Promise<void>;
}

/** Fails (never skips) without Chromium: scripts/ensure-chromium.sh installs it. */
export async function startBrowser(): Promise<HeadlessBrowser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (Debian's chromium)`);
	}
	const profile = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
	// A persistent context is the only way to give Chromium its own user-data-dir here.
	const context: BrowserContext = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		args: FLAGS,
		headless: true,
		viewport: { width: 1000, height: 800 },
		timeout: 60_000,
	});
	const browser: Browser | null = context.browser();
	return {
		newPage: async () => {
			await context.clearCookies();
			const page = await context.newPage();
			page.setDefaultTimeout(60_000);
			return page;
		},
		close: async () => {
			await context.close().catch(() => undefined);
			await browser?.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** The page's text as a person reads it (rendered, not the HTML source). */
export async function visibleText(page: Page): Promise<string> {
	return await page.locator('body').innerText();
}
