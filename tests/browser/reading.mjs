// reading.mjs: Meridian's public pages in a real headless Chromium, as a reader gets them.
//
//   node reading.mjs BASE_URL [ARTEFACTS_DIR]
//   (or MERIDIAN_BASE / MERIDIAN_ARTEFACTS in the environment)
//
// Checks: no horizontal scrolling at 375 and 1280 px (full-page screenshots saved as PNG);
// no request to any other host; no console errors, page errors or CSP violations; axe-core
// WCAG 2.0/2.1 A and AA on home, article, topics, a topic, search results and the 404 page;
// home and article readable with JavaScript off; the first Tab focuses a visible skip link;
// printing an article hides the navigation and keeps the address, review dates and disclaimer.
// Prints TAP-style lines, "ok N - ..." or "not ok N - ...", details as "# ..." lines; exit 1
// when a check failed, 2 when the browser could not be started.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking', '--disable-component-update',
	'--disable-sync'];
const WIDTHS = [375, 1280];
const NOT_FOUND_PATH = '/no-such-page-browser-check';

const base = (process.argv[2] || process.env.MERIDIAN_BASE || '').replace(/\/+$/, '');
const artefacts = resolve(process.argv[3] || process.env.MERIDIAN_ARTEFACTS || 'artefacts');
if (!/^https?:\/\//.test(base)) {
	console.error('usage: node reading.mjs BASE_URL [ARTEFACTS_DIR]');
	process.exit(2);
}
const baseOrigin = new URL(base).origin;
mkdirSync(artefacts, { recursive: true });

// ---- reporting -------------------------------------------------------------------------
let n = 0, failed = 0;
function report(ok, description, details = []) {
	n++;
	if (!ok) failed++;
	console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${description}`);
	for (const d of details.slice(0, 40)) console.log(`# ${String(d).replace(/\n/g, '\n# ')}`);
	if (details.length > 40) console.log(`# ... and ${details.length - 40} more`);
}
// check(description, fn): fn returns a list of problems (empty = pass) or throws.
async function check(description, fn) {
	let problems;
	try {
		problems = (await fn()) || [];
	} catch (e) {
		problems = [`exception: ${e && e.message ? e.message.split('\n')[0] : e}`];
	}
	problems = [...new Set(problems)];
	report(problems.length === 0, description, problems);
	return problems.length === 0;
}

// ---- what every page does, recorded per context ------------------------------------------
// One record per navigation: requests to other hosts, console errors, page errors, CSP
// violations (from the securitypolicyviolation event and from console messages).
function recordCspViolations() {
	window.__cspViolations = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
			(e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''));
	}, true);
}

function watch(page, log) {
	page.on('request', (r) => {
		const u = r.url();
		if (/^(data|blob|about):/.test(u)) return;
		let origin;
		try { origin = new URL(u).origin; } catch { origin = u; }
		if (origin !== baseOrigin) log.foreign.push(`${page.url()} requested ${u}`);
	});
	page.on('console', (m) => {
		const text = m.text();
		if (/Content[- ]Security[- ]Policy/i.test(text)) log.csp.push(`${page.url()}: ${text}`);
		if (m.type() !== 'error') return;
		// The 404 page is meant to answer 404; Chromium logs that as a console error.
		if (log.expect404 && /status of 404/.test(text) && m.location().url === log.expect404) return;
		log.console.push(`${page.url()}: ${text}`);
	});
	page.on('pageerror', (e) => log.pageErrors.push(`${page.url()}: ${e.message}`));
	page.on('requestfailed', (r) => {
		// ERR_ABORTED: the next navigation cancelled a fetch still going (the favicon, say).
		const why = r.failure() ? r.failure().errorText : 'failed';
		if (new URL(r.url()).origin === baseOrigin && why !== 'net::ERR_ABORTED') log.badResponses.push(`${r.url()}: ${why}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && r.url() !== log.expect404) log.badResponses.push(`${r.status()} ${r.url()}`);
	});
}

function newLog() {
	return { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [], expect404: null };
}

async function newContext(browser, options = {}) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
	// Nothing may leave the site; anything that tries is recorded (by watch) and aborted here.
	await context.route((url) => url.origin !== baseOrigin, (route) => route.abort());
	if (options.javaScriptEnabled !== false) await context.addInitScript(recordCspViolations);
	context.setDefaultTimeout(15000);
	return context;
}

async function gotoPage(page, log, url) {
	log.expect404 = url.endsWith(NOT_FOUND_PATH) ? url : null;
	const response = await page.goto(url, { waitUntil: 'load' });
	return response;
}

async function cspEvents(page) {
	return page.evaluate(() => window.__cspViolations || []).catch(() => []);
}

// ---- main --------------------------------------------------------------------------------
let browser;
try {
	browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
} catch (e) {
	report(false, `Chromium starts (${CHROMIUM})`, [e.message.split('\n')[0]]);
	console.log('Bail out! no browser');
	process.exit(2);
}

try {
	const log = newLog();
	const context = await newContext(browser);
	const page = await context.newPage();
	watch(page, log);

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
			await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
			await check(`${p.name} (${p.path}) at ${width} px: no horizontal scrolling, screenshot saved`, async () => {
				const r = await gotoPage(page, log, base + p.path);
				const want = p.name === '404' ? 404 : 200;
				const problems = [];
				if (r.status() !== want) problems.push(`status ${r.status()}, want ${want}`);
				if (!r.headers()['content-security-policy']) cspPages.push(p.path);
				const m = await page.evaluate(() => ({
					scrollWidth: document.documentElement.scrollWidth,
					innerWidth: window.innerWidth,
					wide: [...document.querySelectorAll('body *')]
						.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
						.slice(0, 5)
						.map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`),
				}));
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
	await check('every page is served with a Content-Security-Policy header', () =>
		[...new Set(cspPages)].map((p) => `${p} has none`));

	// Keyboard: the first Tab lands on the skip link, which is then on screen.
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: width < 600 ? 740 : 800 });
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
	watch(noJsPage, noJsLog);
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
	watch(axePage, axeLog);
	const runAxe = (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
		.then((r) => r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map((nd) => ({
				target: nd.target.join(' '), html: nd.html.slice(0, 160),
				summary: (nd.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
			})),
		})));
	for (const p of pages) {
		await check(`axe-core (${AXE_TAGS.join(', ')}): no violations on ${p.name} (${p.path}) at ${WIDTHS.join(' and ')} px`, async () => {
			const problems = [];
			for (const width of WIDTHS) {
				await axePage.setViewportSize({ width, height: width < 600 ? 740 : 800 });
				await gotoPage(axePage, axeLog, base + p.path);
				await axePage.addScriptTag({ path: AXE_PATH });
				for (const v of await axePage.evaluate(runAxe, AXE_TAGS)) {
					problems.push(`${width} px: ${v.id} (${v.impact}): ${v.help}`);
					for (const nd of v.nodes) problems.push(`  ${nd.target}  ${nd.html}\n    ${nd.summary}`);
				}
			}
			return problems;
		});
	}
	await axeContext.close();
} catch (e) {
	report(false, 'the checks ran to the end', [e.stack || e.message]);
} finally {
	await browser.close().catch(() => {});
}

console.log(`# ${n - failed} passed, ${failed} failed; screenshots in ${artefacts}`);
process.exit(failed ? 1 : 0);
