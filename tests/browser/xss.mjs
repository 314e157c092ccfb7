/* SPDX-License-Identifier: ISC */
// xss.mjs: pages full of XSS payloads (tests/trust/xss_payloads.py) in a real headless
// Chromium, each loaded twice: as served, and with the Content-Security-Policy header
// removed, so that escaping alone is what is tested. Nothing may run and nothing may
// become markup.
//
//   node xss.mjs BASE_URL PATHS_FILE [STAFF_COOKIE]
//   PATHS_FILE: one path a line; "admin:" before a path loads it with STAFF_COOKIE
//   (NAME=VALUE), the staff session.
//
// Seen as an execution: a call of alert, confirm, prompt, print or open (replaced by an
// init script that records them), a dialog, or any request for a URL holding "xss-hit"
// (what the payloads that do not call a function load). Seen as injected markup, from the
// DOM: an element with an on* attribute, a <script> other than JSON-LD and the site's own
// files, an <iframe>, <object>, <embed>, <base> or refreshing <meta>, and a
// javascript:/vbscript:/data: URL in href, src, action or formaction.
// Prints TAP lines and "# figure ..." lines; exit 1 when a check failed, 2 when the
// browser could not be started.
import { readFileSync } from 'node:fs';
import { launchChromium, reporter } from './lib.mjs';

const [base0, pathsFile, staffCookie] = process.argv.slice(2);
const base = (base0 || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base) || !pathsFile) {
	console.error('usage: node xss.mjs BASE_URL PATHS_FILE [STAFF_COOKIE]');
	process.exit(2);
}
const SELFTEST = '/__xss_selftest';
const SELFTEST_HTML = '<!DOCTYPE html><title>t</title><img src=x onerror=alert(1)>' +
	'<img src=/xss-hit.png><a href="javascript:alert(2)">x</a><iframe src=/xss-hit></iframe>';
const paths = readFileSync(pathsFile, 'utf8').split('\n').filter((l) => l.trim() !== '');

// A detail quotes a payload: one line each, cut short, and fewer of them.
const { report, exit } = reporter({ maxDetails: 30, oneLine: true });

// Runs in every page before its own scripts.
function recorder() {
	window.__xss = [];
	for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
		const orig = window[name];
		window[name] = function (...args) {
			window.__xss.push(`${name}(${args.map(String).join(',').slice(0, 60)})`);
			return name === 'open' ? null : undefined;
		};
		window[name].orig = orig;
	}
}

// Runs in the loaded page: what in the DOM is markup a payload made.
function domFindings() {
	const out = [];
	const bad = /^\s*(javascript|vbscript|data):/i;
	for (const el of document.querySelectorAll('*')) {
		for (const a of el.attributes) {
			if (/^on/i.test(a.name)) out.push(`<${el.localName} ${a.name}=...>`);
			if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) &&
			    bad.test(a.value.replace(/[\t\n\r]/g, ''))) {
				// cmark keeps data:image/png etc. for images; those are not scripts.
				if (!(el.localName === 'img' && /^\s*data:image\/(png|gif|jpeg|webp)/i.test(a.value)))
					out.push(`<${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
			}
		}
		const t = el.localName;
		if (t === 'script') {
			const ok = el.type === 'application/ld+json' ||
			    (el.src && new URL(el.src).pathname.startsWith('/static/'));
			if (!ok) out.push(`<script${el.src ? ' src=' + el.src : ''}>`);
		}
		if (['iframe', 'object', 'embed', 'base', 'frame', 'frameset', 'applet'].includes(t))
			out.push(`<${t}>`);
		if (t === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) out.push('<meta refresh>');
	}
	return out;
}

async function main() {
	let browser;
	try {
		browser = await launchChromium();
	} catch (e) {
		console.error(`cannot start Chromium: ${e.message.split('\n')[0]}`);
		process.exit(2);
	}
	const totals = { pages: 0, executions: 0, dialogs: 0, hits: 0, markup: 0, errors: 0 };
	for (const csp of [true, false]) {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		if (staffCookie) {
			const [name, ...v] = staffCookie.split('=');
			await context.addCookies([{ name, value: v.join('='), url: base }]);
		}
		await context.addInitScript(recorder);
		const hits = [];
		let current = '';	// the page being loaded: its own URL may hold "xss-hit" (a topic slug)
		context.on('request', (r) => {
			if (r.url().includes('xss-hit') && r.url() !== current) hits.push(r.url());
		});
		// Nothing leaves the test host; without CSP, the header is stripped from our pages.
		await context.route('**/*', async (route) => {
			const u = route.request().url();
			if (u === base + SELFTEST)
				return route.fulfill({ status: 200, contentType: 'text/html', body: SELFTEST_HTML });
			if (!u.startsWith(base)) return route.abort();
			if (csp) return route.continue();
			const resp = await route.fetch();
			const headers = { ...resp.headers() };
			delete headers['content-security-policy'];
			return route.fulfill({ response: resp, headers });
		});
		const label = csp ? 'with CSP' : 'CSP removed';
		let selfHits = 0;
		if (!csp) {
			// The detector itself: a page with a planted payload of each kind must be caught.
			const p = await context.newPage();
			let d = 0;
			p.on('dialog', async (x) => { d++; await x.dismiss().catch(() => {}); });
			const h0 = hits.length;
			current = base + SELFTEST;
			await p.goto(current, { waitUntil: 'load' }).catch(() => {});
			await p.waitForTimeout(50);
			const rec = await p.evaluate(() => window.__xss || []).catch(() => []);
			const dom = await p.evaluate(domFindings).catch(() => []);
			report(rec.length > 0 && hits.length > h0 && dom.length >= 3,
			    `self-test: a planted payload is seen (${rec.length} calls, ${hits.length - h0} xss-hit requests, ${dom.length} injected elements)`);
			selfHits = hits.length - h0;
			await p.close();
		}
		const problems = [], markup = [];
		let dialogs = 0, execs = 0, pages = 0, path = '';
		// One tab for every page: a new one each time costs more than the page.
		const page = await context.newPage();
		page.on('dialog', async (d) => { dialogs++; problems.push(`${path}: dialog ${d.type()} "${d.message()}"`); await d.dismiss().catch(() => {}); });
		for (const line of paths) {
			const admin = line.startsWith('admin:');
			path = admin ? line.slice(6) : line;
			current = new URL(base + path).href;
			const before = hits.length;
			try {
				await page.goto(current, { waitUntil: 'load', timeout: 20000 });
				// Focus, hover and a moment for timers, autofocus and media errors.
				await page.mouse.move(200, 300).catch(() => {});
				await page.keyboard.press('Tab').catch(() => {});
				await page.waitForTimeout(20);
				const rec = await page.evaluate(() => window.__xss || []);
				const dom = await page.evaluate(domFindings);
				execs += rec.length;
				for (const r of rec) problems.push(`${path}: ${r}`);
				for (const d of dom) markup.push(`${path}: ${d}`);
				pages++;
			} catch (e) {
				totals.errors++;
				problems.push(`${path}: ${e.message.split('\n')[0]}`);
			}
			for (const h of hits.slice(before)) problems.push(`${path}: requested ${h}`);
		}
		await page.close();
		report(problems.length === 0 && pages === paths.length,
		    `${label}: ${pages} pages, no script ran, no dialog, no xss-hit request`, problems);
		report(markup.length === 0, `${label}: no payload became markup (handlers, script, iframe, bad URLs)`, markup);
		totals.pages += pages;
		totals.executions += execs;
		totals.dialogs += dialogs;
		totals.hits += hits.length - selfHits;
		totals.markup += markup.length;
		await context.close();
	}
	await browser.close();
	console.log(`# figure xss.browser ${totals.pages} page loads (with and without CSP): ` +
	    `${totals.executions} script executions, ${totals.dialogs} dialogs, ${totals.hits} xss-hit requests, ` +
	    `${totals.markup} injected elements`);
	exit();
}
main();
