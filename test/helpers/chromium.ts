// Headless Chromium for every browser test, from the npm package @sparticuz/chromium (unpacked into the
// temp directory on first use), driven by playwright-core. Nothing here needs a system browser.
import sparticuz from '@sparticuz/chromium';
import {type Browser, chromium} from 'playwright-core';

// The package's defaults suit serverless sandboxes; these would weaken what browser tests must observe.
const unwanted = new Set([
	'--disable-web-security',
	'--allow-running-insecure-content',
	'--disable-site-isolation-trials',
	'--single-process',
]);

// Without these, Chromium dials Google's hosts at start, which this network refuses.
const quiet = [
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
];

/** Unpacks the browser once (vitest's global setup calls this before workers race for the same file). */
export async function chromiumPath(): Promise<string> {
	return sparticuz.executablePath();
}

export async function launchChromium(): Promise<Browser> {
	const args = [...sparticuz.args.filter(arg => !unwanted.has(arg)), ...quiet];
	return chromium.launch({executablePath: await chromiumPath(), args, headless: true});
}
