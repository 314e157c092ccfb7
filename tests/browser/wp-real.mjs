// SPDX-License-Identifier: ISC
// wp-real.mjs: the articles imported from the export a real WordPress wrote
// (tests/e2e/browser-wp-real.sh imports it and lists what the export says each shows), in a
// real headless Chromium, as a patient reads them: every image decoded and from this site's
// media library, with the alt text and the caption the export gave it, the featured image
// above the text, no sideways scrolling on a phone, and axe-core clean.
//
//   node wp-real.mjs BASE_URL ARTEFACTS_DIR ARTICLES_JSON
// ARTICLES_JSON: [{path, wp_id, want: {featured: ALT or null, images: [{alt, caption}]}}]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeProblems, reporter, scrollThrough, siteArgs, siteContext, viewport, watchedPage } from './lib.mjs';

const { base, baseOrigin, artefacts } = siteArgs('wp-real.mjs');
const { check, startBrowser, runChecks, summary, exit } = reporter();
const articles = JSON.parse(readFileSync(process.argv[4], 'utf8'));

// Runs in the page: the article's featured image and the images of its text, each with what
// a reader sees of it, and where the featured image and the text sit.
const shown = () => {
	const one = (img) => {
		const fig = img.closest('figure');
		const cap = fig && fig.querySelector('figcaption');
		return { src: img.getAttribute('src'), current: img.currentSrc, alt: img.getAttribute('alt'),
			loaded: img.complete && img.naturalWidth > 0, caption: cap ? cap.textContent.replace(/\s+/g, ' ').trim() : null };
	};
	const article = document.querySelector('article.post');
	const featured = article && article.querySelector('.featured');
	const body = article && article.querySelector('.body');
	return {
		all: article ? [...article.querySelectorAll('img')].map(one) : [],
		featured: featured ? [...featured.querySelectorAll('img')].map(one) : [],
		body: body ? [...body.querySelectorAll('img')].map(one) : [],
		firstIsFeatured: !!(featured && article.querySelector('img') === featured.querySelector('img')),
		featuredBottom: featured ? featured.getBoundingClientRect().bottom + window.scrollY : null,
		bodyTop: body ? body.getBoundingClientRect().top + window.scrollY : null,
	};
};

// This site's media library, and nowhere else: the address in the page and the file the
// browser chose from it.
const fromLibrary = (u) => {
	const url = new URL(u, base);
	return url.origin === baseOrigin && url.pathname.startsWith('/media/');
};

const browser = await startBrowser();
await runChecks(browser, async () => {
	const { page, log } = await watchedPage(browser, baseOrigin);
	for (const { path, wp_id: id, want } of articles) {
		const name = `post ${id} (${path})`;
		await page.setViewportSize(viewport(1280));
		await page.goto(base + path, { waitUntil: 'load' });
		await scrollThrough(page);
		await page.screenshot({ path: join(artefacts, `wp-real${path.replace(/\//g, '-')}.png`), fullPage: true });
		const s = await page.evaluate(shown);
		const count = (want.featured === null ? 0 : 1) + want.images.length;
		await check(`${name}: its ${count} image(s) all decoded, all from this site's media library`, () => {
			const p = s.all.length === count ? [] : [`${s.all.length} images shown, the export has ${count}`];
			for (const i of s.all) {
				if (!i.loaded) p.push(`${i.src} did not load`);
				if (!fromLibrary(i.src) || !fromLibrary(i.current)) p.push(`${i.src} (shown: ${i.current}) is not from ${baseOrigin}/media/`);
			}
			return p;
		});
		if (want.featured !== null) {
			await check(`${name}: the featured image at the top, above the text, alt "${want.featured}"`, () => {
				const f = s.featured[0];
				if (!f) return ['no featured image'];
				const p = [];
				if (!s.firstIsFeatured) p.push('it is not the first image of the article');
				if (!(s.featuredBottom <= s.bodyTop)) p.push(`it ends at ${s.featuredBottom} px, the text starts at ${s.bodyTop} px`);
				if (want.featured && f.alt !== want.featured) p.push(`alt "${f.alt}"`);
				return p;
			});
		}
		await check(`${name}: the images of its text, in order, with the export's alt text and captions`, () => {
			const p = s.body.length === want.images.length ? [] : [`${s.body.length} images in the text, the export has ${want.images.length}`];
			want.images.forEach((w, k) => {
				const got = s.body[k];
				if (!got) return;
				if (w.alt && got.alt !== w.alt) p.push(`image ${k + 1}: alt "${got.alt}", want "${w.alt}"`);
				if (w.caption && got.caption !== w.caption) p.push(`image ${k + 1}: caption ${JSON.stringify(got.caption)}, want "${w.caption}"`);
			});
			return p;
		});
		await page.setViewportSize(viewport(375));
		await page.goto(base + path, { waitUntil: 'load' });
		await scrollThrough(page);
		await page.screenshot({ path: join(artefacts, `wp-real${path.replace(/\//g, '-')}-375.png`), fullPage: true });
		await check(`${name}: no sideways scrolling at 375 px`, async () => {
			const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
			return w.scroll <= w.client ? [] : [`the page is ${w.scroll} px wide in a ${w.client} px window`];
		});
	}
	await check('nothing was requested from another site', () => log.foreign);
	await check('no failed request, console error, page error or CSP violation', () =>
		[...log.badResponses, ...log.console, ...log.pageErrors, ...log.csp]);
	// axe-core is injected, which the site's policy rightly forbids: its own context.
	const axeContext = await siteContext(browser, baseOrigin, { bypassCSP: true });
	const axePage = await axeContext.newPage();
	const first = articles[0];
	if (first) {
		await axePage.goto(base + first.path, { waitUntil: 'load' });
		await check(`${first.path}: axe-core finds no WCAG 2.1 A/AA problem`, () => axeProblems(axePage, 1280));
	}
});
summary(`; screenshots in ${artefacts}`);
exit();
