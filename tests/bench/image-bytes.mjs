/* SPDX-License-Identifier: ISC */
// image-bytes.mjs: for tests/bench/images.sh, what Debian's Chromium really fetches for each
// page given, in a fresh context (an empty cache) at WIDTH px, device pixel ratio 1, scrolled
// to the end so that lazy images load too.
//
//   node tests/bench/image-bytes.mjs BASE_URL WIDTH PATH...
//
// Prints one line per page: PATH, the bytes transferred in all (HTML, CSS, images: headers
// and bodies, by Resource Timing), those of the files under /media/, and those files' count.
import { fetchedBytes, launchChromium, scrollThrough, viewport } from '../browser/lib.mjs';

const [base, width, ...paths] = process.argv.slice(2);
if (!/^https?:\/\//.test(base || '') || !(Number(width) > 0) || paths.length === 0) {
	console.error('usage: node image-bytes.mjs BASE_URL WIDTH PATH...');
	process.exit(2);
}
const browser = await launchChromium();
try {
	for (const path of paths) {
		const context = await browser.newContext({ viewport: viewport(Number(width)), deviceScaleFactor: 1 });
		const page = await context.newPage();
		const r = await page.goto(base + path, { waitUntil: 'load' });
		if (r.status() !== 200) throw new Error(`${path}: status ${r.status()}`);
		await scrollThrough(page);
		const files = await fetchedBytes(page);
		const media = files.filter((f) => new URL(f.url).pathname.startsWith('/media/'));
		const sum = (list) => list.reduce((n, f) => n + f.bytes, 0);
		console.log(`${path} ${sum(files)} ${sum(media)} ${media.length}`);
		await context.close();
	}
} finally {
	await browser.close();
}
