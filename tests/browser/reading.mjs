/* SPDX-License-Identifier: ISC */
// reading.mjs: Meridian's public pages in a real headless Chromium, as a reader gets them.
//
//   node reading.mjs BASE_URL [ARTEFACTS_DIR]
//   (or MERIDIAN_BASE / MERIDIAN_ARTEFACTS in the environment)
//
// Checks: no horizontal scrolling at 375 and 1280 px (full-page screenshots saved as PNG),
// nor at 320 px on pages that list or show an article full of long unbroken strings;
// no request to any other host; no console errors, page errors or CSP violations; axe-core
// WCAG 2.0/2.1 A and AA on home, article, topics, a topic, search results and the 404 page;
// home and article readable with JavaScript off; the first Tab focuses a visible skip link;
// printing an article hides the navigation and keeps the address, review dates and disclaimer.
// Prints TAP-style lines, "ok N - ..." or "not ok N - ...", details as "# ..." lines; exit 1
// when a check failed, 2 when the browser could not be started.
import { join } from 'node:path';
import { AXE_TAGS, axeProblems, reporter, siteArgs, siteContext, viewport, watch } from './lib.mjs';

const WIDTHS = [375, 1280];
const NOT_FOUND_PATH = '/no-such-page-browser-check';

const { base, baseOrigin, artefacts } = siteArgs('reading.mjs');
const { check, startBrowser, runChecks, summary, exit } = reporter();

// ---- what every page does, recorded per context ------------------------------------------
// One record per context (filled by watch, lib.mjs): requests to other hosts, console errors,
// page errors, CSP violations (from the securitypolicyviolation event and from console
// messages), failed requests.
function recordCspViolations() {
	window.__cspViolations = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
			(e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''));
	}, true);
}

function newLog() {
	const log = { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [], expect404: null };
	// The 404 page is meant to answer 404 (set by gotoPage).
	log.expected = (url) => (url === log.expect404 ? 404 : undefined);
	return log;
}

async function newContext(browser, options = {}) {
	const context = await siteContext(browser, baseOrigin, options);
	if (options.javaScriptEnabled !== false) await context.addInitScript(recordCspViolations);
	return context;
}

async function gotoPage(page, log, url) {
	log.expect404 = url.endsWith(NOT_FOUND_PATH) ? url : null;
	const response = await page.goto(url, { waitUntil: 'load' });
	return response;
}

// Run in the page: how wide the document is against the window, and the first elements
// that stick out on the right.
function overflow() {
	return {
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
		wide: [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`),
	};
}

async function cspEvents(page) {
	return page.evaluate(() => window.__cspViolations || []).catch(() => []);
}

// ---- main --------------------------------------------------------------------------------
const browser = await startBrowser();
await runChecks(browser, async () => {
	const log = newLog();
	const context = await newContext(browser);
	const page = await context.newPage();
	watch(page, log, baseOrigin);

	// Find an article and a topic the way a reader would: from the home and topics pages.
	const pages = [{ name: 'home', path: '/' }];
	let articleTitle = '';
	await check('the home page answers 200 and links to an article', async () => {
		const r = await gotoPage(page, log, base + '/');
		if (r.status() !== 200) return [`status ${r.status()}`];
		const href = await page.getAttribute('main .card h2 a', 'href');
		if (!href) return ['no article link in main .card h2 a'];
		pages.push({ name: 'article', path: new URL(href, base + '/').pathname });
		return [];
	});
	pages.push({ name: 'topics', path: '/topics/' });
	await check('the topics page answers 200 and links to a topic', async () => {
		const r = await gotoPage(page, log, base + '/topics/');
		if (r.status() !== 200) return [`status ${r.status()}`];
		const href = await page.getAttribute('main .topic-index a', 'href');
		if (!href) return ['no topic link in main .topic-index a'];
		pages.push({ name: 'topic', path: new URL(href, base + '/').pathname });
		return [];
	});
	pages.push({ name: 'search', path: '/search?q=acupuncture' });
	pages.push({ name: '404', path: NOT_FOUND_PATH });
	const article = pages.find((p) => p.name === 'article');

	// Every page at both widths: status, CSP header, no sideways scrolling, a screenshot.
	const cspPages = [];
	for (const p of pages) {
		for (const width of WIDTHS) {
			await page.setViewportSize(viewport(width));
			await check(`${p.name} (${p.path}) at ${width} px: no horizontal scrolling, screenshot saved`, async () => {
				const r = await gotoPage(page, log, base + p.path);
				const want = p.name === '404' ? 404 : 200;
				const problems = [];
				if (r.status() !== want) problems.push(`status ${r.status()}, want ${want}`);
				if (!r.headers()['content-security-policy']) cspPages.push(p.path);
				const m = await page.evaluate(overflow);
				if (m.scrollWidth > m.innerWidth) {
					problems.push(`scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`, ...m.wide);
				}
				if (p.name === 'article' && !articleTitle) articleTitle = (await page.textContent('main h1')).trim();
				log.csp.push(...(await cspEvents(page)).map((v) => `${page.url()}: ${v}`));
				await page.screenshot({ path: join(artefacts, `${p.name}-${width}.png`), fullPage: true });
				return problems;
			});
		}
	}
	// At the narrowest phone width, long unbroken strings (an address pasted into a title,
	// summary or body, a long one-word topic) wrap instead of widening the page. The browser.sh
	// site has such an article, on the home page's first page too.
	await page.setViewportSize({ width: 320, height: 640 });
	for (const path of ['/', '/articles/long-words',
		'/topics/acupuncturepointlocationsforpatientsandpractitionersalike',
		'/search?q=Electroacupuncturestimulationparametersexplainedinfulldetail']) {
		await check(`${path} at 320 px with long unbroken words: no horizontal scrolling`, async () => {
			const r = await gotoPage(page, log, base + path);
			if (r.status() !== 200) return [`status ${r.status()}`];
			if (!(await page.textContent('main')).includes('Electroacupuncturestimulation')) {
				return ['the long-words article is not on this page'];
			}
			const m = await page.evaluate(overflow);
			return m.scrollWidth > m.innerWidth
				? [`scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`, ...m.wide] : [];
		});
	}
	await check('every page is served with a Content-Security-Policy header', () =>
		[...new Set(cspPages)].map((p) => `${p} has none`));

	// Keyboard: the first Tab lands on the skip link, which is then on screen.
	for (const width of WIDTHS) {
		await page.setViewportSize(viewport(width));
		await check(`keyboard at ${width} px: the first Tab focuses the skip link, which becomes visible`, async () => {
			await gotoPage(page, log, base + (article ? article.path : '/'));
			await page.keyboard.press('Tab');
			const f = await page.evaluate(() => {
				const el = document.activeElement;
				const r = el.getBoundingClientRect();
				const s = getComputedStyle(el);
				return {
					tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute('href'),
					text: el.textContent.trim(), x: r.left, y: r.top, w: r.width, h: r.height,
					vw: window.innerWidth, vh: window.innerHeight,
					visible: s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0,
				};
			});
			const problems = [];
			if (f.tag !== 'a' || f.href !== '#main') {
				return [`focus is on <${f.tag} class="${f.cls}" href="${f.href}"> "${f.text}", not the skip link`];
			}
			if (!f.visible || f.w < 1 || f.h < 1) problems.push('the skip link is not visible');
			if (f.x < 0 || f.y < 0 || f.x + f.w > f.vw || f.y + f.h > f.vh) {
				problems.push(`box ${Math.round(f.x)},${Math.round(f.y)} ${Math.round(f.w)}x${Math.round(f.h)} is outside the ${f.vw}x${f.vh} viewport`);
			}
			await page.screenshot({ path: join(artefacts, `skip-link-${width}.png`) });
			// Following it moves focus to the main content.
			await page.keyboard.press('Enter');
			const hash = await page.evaluate(() => location.hash);
			if (hash !== '#main') problems.push(`following the skip link gave location.hash "${hash}"`);
			return problems;
		});
	}

	// Print: an article as a handout.
	if (article) {
		await check('print: an article hides the navigation and shows "Printed from", the review dates and the disclaimer', async () => {
			await page.setViewportSize({ width: 1280, height: 800 });
			await gotoPage(page, log, base + article.path);
			await page.emulateMedia({ media: 'print' });
			const s = await page.evaluate(() => {
				const shown = (sel) => {
					const el = document.querySelector(sel);
					if (!el) return { exists: false };
					const st = getComputedStyle(el);
					const r = el.getBoundingClientRect();
					return { exists: true, display: st.display, visible: st.display !== 'none' && st.visibility !== 'hidden' && r.width > 0 && r.height > 0, text: el.textContent.replace(/\s+/g, ' ').trim() };
				};
				return {
					nav: shown('.site-header nav'), skip: shown('.skip'), printed: shown('.print-only'),
					review: shown('.review'), disclaimer: shown('.disclaimer'), h1: shown('main h1'),
				};
			});
			const problems = [];
			if (!s.nav.exists || s.nav.display !== 'none') problems.push(`the site navigation has display ${s.nav.display}`);
			if (s.skip.exists && s.skip.display !== 'none') problems.push(`the skip link has display ${s.skip.display}`);
			if (!s.printed.visible || !s.printed.text.startsWith('Printed from ' + baseOrigin)) problems.push(`"Printed from" line: ${JSON.stringify(s.printed)}`);
			if (!s.review.visible || !/Last reviewed/.test(s.review.text) || !/Next review due/.test(s.review.text)) problems.push(`review dates: ${JSON.stringify(s.review)}`);
			if (!s.disclaimer.visible || !/Disclaimer/.test(s.disclaimer.text)) problems.push(`disclaimer: ${JSON.stringify(s.disclaimer)}`);
			if (!s.h1.visible) problems.push('the title is not shown');
			await page.screenshot({ path: join(artefacts, 'article-print.png'), fullPage: true });
			await page.pdf({ path: join(artefacts, 'article-print.pdf'), format: 'A4', printBackground: true });
			await page.emulateMedia({ media: 'screen' });
			return problems;
		});
	}
	log.csp.push(...(await cspEvents(page)).map((v) => `${page.url()}: ${v}`));
	await context.close();

	// JavaScript off: the content is all there.
	const noJsLog = newLog();
	const noJs = await newContext(browser, { javaScriptEnabled: false });
	const noJsPage = await noJs.newPage();
	watch(noJsPage, noJsLog, baseOrigin);
	for (const p of pages.filter((q) => q.name === 'home' || q.name === 'article')) {
		await check(`JavaScript disabled: ${p.name} (${p.path}) shows its content`, async () => {
			const r = await gotoPage(noJsPage, noJsLog, base + p.path);
			const problems = [];
			if (r.status() !== 200) problems.push(`status ${r.status()}`);
			const h1 = noJsPage.locator('main h1');
			if (!(await h1.isVisible())) problems.push('main h1 is not visible');
			if (p.name === 'article') {
				const t = (await h1.textContent()).trim();
				if (articleTitle && t !== articleTitle) problems.push(`title "${t}", want "${articleTitle}"`);
				if (!(await noJsPage.locator('article .body p').first().isVisible())) problems.push('the article body is not visible');
			} else {
				const cards = await noJsPage.locator('main .card h2 a').count();
				if (cards < 1) problems.push('no article card');
				else if (!(await noJsPage.locator('main .card h2 a').first().isVisible())) problems.push('the first article title is not visible');
			}
			await noJsPage.screenshot({ path: join(artefacts, `nojs-${p.name}-1280.png`), fullPage: true });
			return problems;
		});
	}
	await noJs.close();

	const all = (k) => [...log[k], ...noJsLog[k]];
	await check('no request to any other host', () => all('foreign'));
	await check('no console errors', () => all('console'));
	await check('no page errors', () => all('pageErrors'));
	await check('no Content-Security-Policy violations', () => all('csp'));
	await check('no failed requests for the pages\' own files (4xx/5xx, network errors)', () => all('badResponses'));

	// axe-core, in its own context: the site's CSP rightly forbids injected script, so only
	// this context bypasses it.
	const axeLog = newLog();
	const axeContext = await newContext(browser, { bypassCSP: true });
	const axePage = await axeContext.newPage();
	watch(axePage, axeLog, baseOrigin);
	for (const p of pages) {
		await check(`axe-core (${AXE_TAGS.join(', ')}): no violations on ${p.name} (${p.path}) at ${WIDTHS.join(' and ')} px`, async () => {
			const problems = [];
			for (const width of WIDTHS) {
				await axePage.setViewportSize(viewport(width));
				await gotoPage(axePage, axeLog, base + p.path);
				problems.push(...await axeProblems(axePage, width));
			}
			return problems;
		});
	}
	await axeContext.close();
});

summary(`; screenshots in ${artefacts}`);
exit();
