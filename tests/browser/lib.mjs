/* SPDX-License-Identifier: ISC */
// lib.mjs: what the browser checks (reading.mjs, admin.mjs, xss.mjs) share: starting
// Debian's Chromium, the TAP-style report, the command line of the two stories, a record
// of what a page does that it should not, axe-core, and scrolling through a page with its
// images loaded and the bytes it fetched (images.mjs, the image benchmark).
//
// Kept here so that the three agree on the browser they test with and on how a result
// reads; what a script checks stays in that script.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// The wrappers test Debian's Chromium (CHROMIUM names another), not a downloaded one.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// None of Chromium's own calls home (background networking, component updates, sync):
// the only traffic the checks see is the site's.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking', '--disable-component-update',
	'--disable-sync'];

export function launchChromium() {
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// ---- reporting -------------------------------------------------------------------------
// reporter(): one TAP-style stream, "ok N - ..." or "not ok N - ...", details as "# ..."
// lines (at most maxDetails of them; oneLine folds each into one line of 300 characters,
// for details that quote whole payloads).
export function reporter({ maxDetails = 40, oneLine = false } = {}) {
	let n = 0, failed = 0;
	function report(ok, description, details = []) {
		n++;
		if (!ok) failed++;
		console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${description}`);
		for (const d of details.slice(0, maxDetails)) {
			console.log(oneLine ? `# ${String(d).replace(/\n/g, ' ').slice(0, 300)}`
				: `# ${String(d).replace(/\n/g, '\n# ')}`);
		}
		if (details.length > maxDetails) console.log(`# ... and ${details.length - maxDetails} more`);
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
	// A browser that does not start is a failed check and the end of the run (exit 2), so
	// that the wrapper tells it from a failed check (exit 1).
	async function startBrowser() {
		try {
			return await launchChromium();
		} catch (e) {
			report(false, `Chromium starts (${CHROMIUM})`, [e.message.split('\n')[0]]);
			console.log('Bail out! no browser');
			process.exit(2);
		}
	}
	// Runs the checks; an exception that escapes them is a failed check of its own, and the
	// browser is closed either way.
	async function runChecks(browser, fn) {
		try {
			await fn();
		} catch (e) {
			report(false, 'the checks ran to the end', [e.stack || e.message]);
		} finally {
			await browser.close().catch(() => {});
		}
	}
	// "# P passed, F failed" and what the script adds (the time, where the screenshots are).
	const summary = (tail = '') => console.log(`# ${n - failed} passed, ${failed} failed${tail}`);
	const exit = () => process.exit(failed ? 1 : 0);
	return { report, check, startBrowser, runChecks, summary, exit };
}

// ---- the command line of reading.mjs and admin.mjs ----------------------------------------
// BASE_URL [ARTEFACTS_DIR], or MERIDIAN_BASE / MERIDIAN_ARTEFACTS; the artefacts folder is
// made here, so screenshots can go straight into it.
export function siteArgs(script) {
	const base = (process.argv[2] || process.env.MERIDIAN_BASE || '').replace(/\/+$/, '');
	const artefacts = resolve(process.argv[3] || process.env.MERIDIAN_ARTEFACTS || 'artefacts');
	if (!/^https?:\/\//.test(base)) {
		console.error(`usage: node ${script} BASE_URL [ARTEFACTS_DIR]`);
		process.exit(2);
	}
	mkdirSync(artefacts, { recursive: true });
	return { base, baseOrigin: new URL(base).origin, artefacts };
}

// A phone's window below 600 px, a desktop's above.
export const viewport = (width) => ({ width, height: width < 600 ? 740 : 800 });

// ---- what a page does, recorded ----------------------------------------------------------
// A context at 1280 px from which nothing leaves the site: anything that tries is recorded
// (by watch) and aborted here.
export async function siteContext(browser, baseOrigin, options = {}) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
	await context.route((url) => url.origin !== baseOrigin, (route) => route.abort());
	context.setDefaultTimeout(15000);
	return context;
}

// Records on log what the page does that it should not: requests to other hosts, console
// errors, page errors, CSP violations reported on the console, and answers of 400 or more
// (or network errors) for the site's own files. log.expected(url) is the status a URL is
// meant to answer (a 404 page, a trashed article's 410), or undefined; Chromium logs those
// answers as console errors, so they are let through when the status is the one meant.
export function watch(page, log, baseOrigin) {
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
		const want = log.expected(m.location().url);
		if (want && text.includes(`status of ${want}`)) return;
		log.console.push(`${page.url()}: ${text}`);
	});
	page.on('pageerror', (e) => log.pageErrors.push(`${page.url()}: ${e.message}`));
	page.on('requestfailed', (r) => {
		// ERR_ABORTED: the next navigation cancelled a fetch still going (the favicon, say).
		const why = r.failure() ? r.failure().errorText : 'failed';
		if (new URL(r.url()).origin === baseOrigin && why !== 'net::ERR_ABORTED') log.badResponses.push(`${r.url()}: ${why}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && log.expected(r.url()) !== r.status()) log.badResponses.push(`${r.status()} ${r.url()}`);
	});
}

// A page of a new siteContext, watched, with its log: for a script that means every answer
// to be a success (no 404 or 410 on purpose).
export async function watchedPage(browser, baseOrigin) {
	const log = { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [], expected: () => undefined };
	const page = await (await siteContext(browser, baseOrigin, { bypassCSP: false })).newPage();
	watch(page, log, baseOrigin);
	return { page, log };
}

// Every securitypolicyviolation event in every page of "context" is pushed to log.csp. A
// context that bypasses CSP (for axe-core) has none to report.
export async function recordCsp(context, log) {
	await context.exposeBinding('__meridianCsp', (source, v) => log.csp.push(`${source.page ? source.page.url() : '?'}: ${v}`));
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			window.__meridianCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
				(e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''));
		}, true);
	});
}

// ---- axe-core ----------------------------------------------------------------------------
// Runs in the page: the violations of the given tags, cut to what a report line can hold.
const runAxe = (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
	.then((r) => r.violations.map((v) => ({
		id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map((nd) => ({
			target: nd.target.join(' '), html: nd.html.slice(0, 160),
			summary: (nd.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300),
		})),
	})));

// axe-core's AXE_TAGS violations on the page as loaded, as problems prefixed with the
// width. The page's context must bypass CSP: the site's policy rightly forbids the
// injected script. axe-core is found only here: xss.mjs runs without it.
export async function axeProblems(page, width) {
	await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
	const problems = [];
	for (const v of await page.evaluate(runAxe, AXE_TAGS)) {
		problems.push(`${width} px: ${v.id} (${v.impact}): ${v.help}`);
		for (const nd of v.nodes) problems.push(`  ${nd.target}  ${nd.html}\n    ${nd.summary}`);
	}
	return problems;
}

// ---- images ------------------------------------------------------------------------------
// Scrolls the page to its end half a window at a time, as a reader does, so that lazy
// images start loading, then waits until every image has loaded or failed.
export async function scrollThrough(page) {
	for (let y = 0; ; ) {
		const r = await page.evaluate((to) => {
			window.scrollTo(0, to);
			return { next: to + Math.max(100, Math.floor(window.innerHeight / 2)),
				end: to + window.innerHeight >= document.documentElement.scrollHeight };
		}, y);
		await page.waitForTimeout(100);
		if (r.end) break;
		y = r.next;
	}
	await page.waitForFunction(() => [...document.images].every((i) => i.complete));
}

// What the page fetched, by the browser's own Resource Timing: each URL with the bytes that
// crossed the network for it (headers and body; 0 when it came from the cache), the page's
// HTML included.
export async function fetchedBytes(page) {
	return page.evaluate(() => [...performance.getEntriesByType('navigation'),
		...performance.getEntriesByType('resource')].map((e) => ({ url: e.name, bytes: e.transferSize })));
}
