import {chromiumPath} from './helpers/chromium.js';

// Unpack Chromium before test files run in parallel: its unpacking is not safe to run twice at once.
export default async function setup(): Promise<void> {
	await chromiumPath();
}
