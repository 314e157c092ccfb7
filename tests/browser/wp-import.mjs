// SPDX-License-Identifier: ISC
// wp-import.mjs: articles imported from WordPress (tests/e2e/browser-wp.sh imports the
// export first), in a real headless Chromium, as a patient would read them: every image shows
// (decoded, with its alt text), nothing comes from another site (no frame, no script, no
// request elsewhere), the embed is a plain link, old WordPress addresses land on the new page,
// and axe-core finds no WCAG 2.1 A/AA problem.
//
//   node wp-import.mjs BASE_URL [ARTEFACTS_DIR]
import { join } from 'node:path';
import { axeProblems, reporter, siteArgs, siteContext, watchedPage } from './lib.mjs';

const { base, baseOrigin, artefacts } = siteArgs('wp-import.mjs');
const { check, startBrowser, runChecks, summary, exit } = reporter();

// The imported articles and how many images each shows.
const ARTICLES = [
	['/articles/morning-stretches', 2],	// the featured image and the captioned one
	['/articles/knee-care', 1],
	['/articles/exercise-balls', 2],
];

// Runs in the page: each image, whether it decoded, and its alt text.
const images = () => [...document.querySelectorAll('main img, article img')].map((img) => ({
	src: img.getAttribute('src'), alt: img.getAttribute('alt'),
	ok: img.complete && img.naturalWidth > 0,
}));

const browser = await startBrowser();
await runChecks(browser, async () => {
	const { page, log } = await watchedPage(browser, baseOrigin);
	for (const [path, want] of ARTICLES) {
		await page.goto(base + path, { waitUntil: 'load' });
		await page.screenshot({ path: join(artefacts, `wp${path.replace(/\//g, '-')}.png`), fullPage: true });
		const imgs = await page.evaluate(images);
		await check(`${path}: its ${want} image(s) show, each with alt text`, () => {
			const p = [];
			if (imgs.length !== want) p.push(`${imgs.length} images, want ${want}`);
			for (const i of imgs) {
				if (!i.ok) p.push(`${i.src} did not decode`);
				if (!i.alt) p.push(`${i.src} has no alt text`);
				if (!/^\/media\/\d+\//.test(i.src)) p.push(`${i.src} is not from the media library`);
			}
			return p;
		});
		await check(`${path}: no frame, script or form from the old site`, async () =>
			(await page.evaluate(() => document.querySelectorAll('iframe, object, embed, form:not([role=search]) input[type=email], article script').length)) > 0 ?
				['found one'] : []);
	}
	await page.goto(`${base}/articles/knee-care`, { waitUntil: 'load' });
	await check('the YouTube embed is a plain link a patient can follow', async () =>
		(await page.locator('a[href="https://www.youtube.com/watch?v=kneeDemo1"]').count()) === 1 ? [] : ['no link']);
	await check('nothing was requested from another site', () => log.foreign);
	await check('no console error, page error or CSP violation on the articles', () => [...log.console, ...log.pageErrors, ...log.csp]);
	// Old addresses last: Chromium's own viewer of an image styles itself inline, which the
	// site's policy rightly blocks and reports on the console.
	const ctxAxe = await siteContext(browser, baseOrigin, { bypassCSP: true });
	const axePage = await ctxAxe.newPage();
	for (const [path] of ARTICLES) {
		await axePage.goto(base + path, { waitUntil: 'load' });
		await check(`${path}: axe-core finds no WCAG 2.1 A/AA problem`, () => axeProblems(axePage, 1280));
	}
	for (const [old, want] of [['/2023/05/14/morning-stretches/', '/articles/morning-stretches'],
		['/?p=102', '/articles/knee-care'], ['/wp-content/uploads/2023/06/knee.png', '/media/2/knee.png']]) {
		const r = await page.goto(base + old, { waitUntil: 'load' });
		await check(`the old address ${old} lands on ${want}`, () =>
			new URL(page.url()).pathname === want && r.status() === 200 ? [] : [`landed on ${page.url()} (${r.status()})`]);
	}
});
summary(`; screenshots in ${artefacts}`);
exit();
