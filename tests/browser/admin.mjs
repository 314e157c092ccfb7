/* SPDX-License-Identifier: ISC */
// admin.mjs: Meridian's staff screens in a real headless Chromium, used the way a clinic
// employee who has never seen them would: by labels, buttons and links, never by URL guessing.
//
//   node admin.mjs BASE_URL [ARTEFACTS_DIR]
//   (or MERIDIAN_BASE / MERIDIAN_ARTEFACTS in the environment; MERIDIAN_USER and
//   MERIDIAN_PASSWORD name an admin account, MERIDIAN_DISPLAY_NAME its display name;
//   MERIDIAN_TIMEZONE is the site's time zone)
//
// The story: log in; write a new article with summary, Markdown, topics, author, reviewer and
// review dates; preview it in a new tab (rendered, with the preview banner, not yet public);
// publish it; find it on the home page with its reviewer line; edit it; restore the first
// revision; trash it (410) and restore it (200); upload an image with alt text and paste the
// library's Markdown snippet into the article (the image shows, with its alt text); schedule
// an article two minutes ahead and keep a draft, both on the dashboard.
// Throughout: no console errors (but the expected 404/410), no page errors, no CSP violations,
// no request to another host, a CSP header on every staff screen. axe-core WCAG 2.0/2.1 A and
// AA on login, dashboard, editor, articles, media, revisions and one revision's changes; no
// horizontal scrolling at 375 px on dashboard and editor; screenshots (PNG) in ARTEFACTS_DIR.
// Prints TAP-style lines, "ok N - ..." or "not ok N - ...", details as "# ..." lines; exit 1
// when a check failed, 2 when the browser could not be started.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { AXE_TAGS, axeProblems, reporter, siteArgs, siteContext, viewport, watch } from './lib.mjs';

const USER = process.env.MERIDIAN_USER || 'alice';
const DISPLAY_NAME = process.env.MERIDIAN_DISPLAY_NAME || 'Dr Alice Example';
const PASSWORD = process.env.MERIDIAN_PASSWORD || 'password-one-two';
const TIMEZONE = process.env.MERIDIAN_TIMEZONE || 'UTC';

const { base, baseOrigin, artefacts } = siteArgs('admin.mjs');
const { report, check, startBrowser, runChecks, summary, exit } = reporter();
const note = (s) => console.log(`# note: ${s}`);

// ---- the story's content -----------------------------------------------------------------
const day = (offsetDays) => new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
const ARTICLE = {
	title: 'What to expect at your first acupuncture session',
	summary: 'A calm walk through your first visit, from the questions we ask to how it feels.',
	body1: 'Acupuncture uses **very fine needles**. Most people feel little or nothing.\n\n' +
		'## Before your first session\n\n- Eat a light meal\n- Wear loose clothing\n\n' +
		'Bring a list of any medicines you take.\n',
	body2: 'Acupuncture uses **very fine, sterile, single-use needles**. Most people feel a dull ache at most.\n\n' +
		'## Before your first session\n\n- Eat a light meal\n- Wear loose clothing\n\n' +
		'Bring a list of any medicines you take.\n',
	topics: 'First visit, Needles',
	author: 'Niamh Carroway',
	reviewer: 'Dr Amira Lowe, GP',
	reviewed: day(-10),
	reviewDue: day(365),
};
const SCHEDULED_TITLE = 'Our winter opening hours';
const DRAFT_TITLE = 'Acupuncture during pregnancy (draft)';
const IMAGE_ALT = 'Sterile single-use needles laid out on a clean steel tray';
const IMAGE_FILE = join(artefacts, 'needles-tray.png');

// A small valid PNG: 48x32 RGB, a teal tray with a light stripe (zlib + CRC-32 by hand).
function crc32(buf) {
	let c, crc = 0xffffffff;
	for (let i = 0; i < buf.length; i++) {
		c = (crc ^ buf[i]) & 0xff;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		crc = (crc >>> 8) ^ c;
	}
	return (crc ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
	const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
	const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
	return Buffer.concat([len, td, crc]);
}
function makePng(w, h) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
	ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
	const raw = Buffer.alloc(h * (1 + w * 3));
	for (let y = 0; y < h; y++) {
		raw[y * (1 + w * 3)] = 0;
		for (let x = 0; x < w; x++) {
			const o = y * (1 + w * 3) + 1 + x * 3;
			const stripe = y >= h / 2 - 2 && y < h / 2 + 2;
			raw[o] = stripe ? 0xe0 : 0x0b; raw[o + 1] = stripe ? 0xe8 : 0x5e; raw[o + 2] = stripe ? 0xe6 : 0x57;
		}
	}
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

// ---- what every page does, recorded per context -------------------------------------------
// URLs that are meant to answer 404 or 410 (a trashed article); Chromium logs those as errors.
const expectedStatus = new Map();
const log = { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [], noCsp: new Set(), dialogs: [],
	expected: (url) => expectedStatus.get(url) };

// What watch (lib.mjs) records, and what the staff screens add: a CSP header on each, and no
// dialog.
function watchStaffPage(page) {
	watch(page, log, baseOrigin);
	page.on('response', (r) => {
		const u = new URL(r.url());
		if (r.request().isNavigationRequest() && u.origin === baseOrigin && u.pathname.startsWith('/admin/') &&
		    r.status() < 300 && !r.headers()['content-security-policy']) log.noCsp.add(u.pathname);
	});
	// The editor warns before unsaved changes are lost; the story never leaves unsaved text,
	// so any such warning is recorded (and accepted so that the story goes on).
	page.on('dialog', (d) => { log.dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`); d.accept().catch(() => {}); });
}

async function newContext(browser, options = {}) {
	const context = await siteContext(browser, baseOrigin, { timezoneId: TIMEZONE, ...options });
	if (!options.bypassCSP) {
		// Every securitypolicyviolation event in every page and popup reaches the log.
		await context.exposeBinding('__meridianCsp', (source, v) => log.csp.push(`${source.page ? source.page.url() : '?'}: ${v}`));
		await context.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (e) => {
				window.__meridianCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}` +
					(e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''));
			}, true);
		});
	}
	context.on('page', watchStaffPage);
	return context;
}

// ---- small helpers ------------------------------------------------------------------------
async function flashText(page) {
	const f = page.locator('main .flash');
	return (await f.count()) ? (await f.first().textContent()).trim() : '';
}
async function formError(page) {
	const e = page.locator('main .error');
	return (await e.count()) ? (await e.first().textContent()).replace(/\s+/g, ' ').trim() : '';
}
// Clicks a submit button and waits for the page it leads to (post/redirect/get).
async function submit(page, button, urlPattern) {
	await Promise.all([page.waitForURL(urlPattern, { waitUntil: 'load' }), button.click()]);
}
async function sideways(page) {
	const m = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
		wide: [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
			.slice(0, 5)
			.map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(el.getBoundingClientRect().right)}`),
	}));
	return m.scrollWidth > m.innerWidth ? [`scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`, ...m.wide] : [];
}
async function shot(page, name) {
	await page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });
}
// The site's public page at "path" in a page of its own; returns [response, page].
async function publicPage(context, path, expect) {
	const p = await context.newPage();
	if (expect) expectedStatus.set(base + path, expect);
	const r = await p.goto(base + path, { waitUntil: 'load' });
	return [r, p];
}
// Opens the editor of the story's article from the articles list, as staff would.
async function openFromList(page, title) {
	await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Articles', exact: true }).click();
	await page.waitForURL(/\/admin\/articles$/);
	await Promise.all([page.waitForURL(/\/admin\/articles\/\d+$/), page.getByRole('link', { name: title, exact: true }).click()]);
}
const editorField = (page, re) => page.getByLabel(re);

// ---- main --------------------------------------------------------------------------------
const browser = await startBrowser();
const started = Date.now();
await runChecks(browser, async () => {
	const context = await newContext(browser);
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseOrigin });
	const page = await context.newPage();
	writeFileSync(IMAGE_FILE, makePng(48, 32));

	let articleId = null, articlePath = null, mediaSnippet = null;
	const axePages = [];

	// ---- log in -----------------------------------------------------------------------
	await check('the staff area sends a visitor to the login form; logging in with it leads to the dashboard', async () => {
		const r = await page.goto(base + '/admin/', { waitUntil: 'load' });
		const problems = [];
		if (!/\/admin\/login/.test(page.url())) problems.push(`/admin/ without a session ended at ${page.url()} (status ${r.status()})`);
		const h1 = (await page.locator('h1').textContent()).trim();
		if (h1 !== 'Staff login') problems.push(`heading "${h1}"`);
		axePages.push({ name: 'login', path: new URL(page.url()).pathname });
		await shot(page, 'login-1280');
		await page.getByLabel('User name').fill(USER);
		await page.getByLabel('Password').fill(PASSWORD);
		await submit(page, page.getByRole('button', { name: 'Log in' }), /\/admin\/$/);
		if ((await page.locator('h1').textContent()).trim() !== 'Dashboard') problems.push('no "Dashboard" heading after logging in');
		if (!(await page.getByRole('button', { name: 'Log out' }).isVisible())) problems.push('no "Log out" button');
		axePages.push({ name: 'dashboard', path: '/admin/' });
		return problems;
	});

	// ---- write, preview, publish --------------------------------------------------------
	await check('"New article": every field of the editor can be filled by its label', async () => {
		await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'New article' }).click();
		await page.waitForURL(/\/admin\/articles\/new$/);
		const problems = [];
		if ((await page.locator('h1').textContent()).trim() !== 'New article') problems.push('no "New article" heading');
		await page.getByLabel('Title', { exact: true }).fill(ARTICLE.title);
		await editorField(page, /^Summary/).fill(ARTICLE.summary);
		await editorField(page, /^Text/).fill(ARTICLE.body1);
		await editorField(page, /^Topics/).fill(ARTICLE.topics);
		const author = editorField(page, /^Author/);
		if ((await author.inputValue()) !== DISPLAY_NAME) problems.push(`author is pre-filled with "${await author.inputValue()}", not the user's display name`);
		await author.fill(ARTICLE.author);
		await editorField(page, /^Medical reviewer/).fill(ARTICLE.reviewer);
		await editorField(page, /^Reviewed on/).fill(ARTICLE.reviewed);
		await editorField(page, /^Next review due/).fill(ARTICLE.reviewDue);
		const status = await editorField(page, /^Status/).inputValue();
		if (status !== 'draft') problems.push(`a new article starts as "${status}", not a draft`);
		return problems;
	});

	await check('"Preview in a new tab" opens the rendered Markdown under the preview banner', async () => {
		const [popup] = await Promise.all([
			page.context().waitForEvent('page'),
			page.getByRole('button', { name: 'Preview in a new tab' }).click(),
		]);
		await popup.waitForLoadState('load');
		const problems = [];
		if (!/\/admin\/articles\/0\/preview$/.test(popup.url())) problems.push(`the preview opened ${popup.url()}`);
		const banner = popup.locator('.preview-banner');
		if (!(await banner.isVisible())) problems.push('no visible .preview-banner');
		else if (!/Preview/.test(await banner.textContent())) problems.push(`banner text "${await banner.textContent()}"`);
		if ((await popup.locator('main h1').textContent()).trim() !== ARTICLE.title) problems.push('the title is not the h1');
		if ((await popup.locator('article .body strong').first().textContent()) !== 'very fine needles') problems.push('**very fine needles** is not <strong>');
		if ((await popup.locator('article .body h2').first().textContent()) !== 'Before your first session') problems.push('## heading is not <h2>');
		if ((await popup.locator('article .body ul li').count()) !== 2) problems.push('the list is not a <ul> of two items');
		if ((await popup.locator('article .body').textContent()).includes('**')) problems.push('raw Markdown ** shows');
		const review = (await popup.locator('.review').textContent()).replace(/\s+/g, ' ');
		if (!review.includes(ARTICLE.reviewer)) problems.push(`the review line lacks the reviewer: "${review.trim()}"`);
		await shot(popup, 'preview-1280');
		await popup.close();
		return problems;
	});

	await check('the previewed article is not on the public home page yet', async () => {
		const [r, p] = await publicPage(context, '/');
		const problems = [];
		if (r.status() !== 200) problems.push(`home answers ${r.status()}`);
		if (await p.getByRole('link', { name: ARTICLE.title }).count()) problems.push('the home page already links to it');
		await p.close();
		return problems;
	});

	await check('back in the editor (text kept), status "Published" and Save: "Created." shows', async () => {
		const problems = [];
		if ((await editorField(page, /^Text/).inputValue()) !== ARTICLE.body1) problems.push('the editor lost the text after the preview');
		await editorField(page, /^Status/).selectOption({ label: 'Published' });
		await submit(page, page.getByRole('button', { name: 'Save', exact: true }), /\/admin\/articles\/\d+\?done=created$/);
		articleId = page.url().match(/\/admin\/articles\/(\d+)/)[1];
		const f = await flashText(page);
		if (!/Created/.test(f)) problems.push(`notice "${f}", error "${await formError(page)}"`);
		if (!(await page.locator('main .flash[role="status"]').count())) problems.push('the notice is not a role=status live region');
		return problems;
	});

	await check('the public home page lists the article, and its page shows the reviewer line', async () => {
		const [r, p] = await publicPage(context, '/');
		const problems = [];
		if (r.status() !== 200) problems.push(`home answers ${r.status()}`);
		const link = p.getByRole('link', { name: ARTICLE.title, exact: true });
		if (!(await link.count())) {
			await p.close();
			return ['the home page does not link to the article'];
		}
		await Promise.all([p.waitForURL(/\/articles\//), link.first().click()]);
		articlePath = new URL(p.url()).pathname;
		const review = (await p.locator('.review').textContent()).replace(/\s+/g, ' ').trim();
		if (!/Last reviewed on .+ by Dr Amira Lowe, GP\./.test(review)) problems.push(`review line "${review}"`);
		if (!/Next review due/.test(review)) problems.push(`no "Next review due" in "${review}"`);
		const topics = await p.locator('ul.topics li').allTextContents();
		if (topics.join('|') !== 'First visit|Needles') problems.push(`topics ${JSON.stringify(topics)}`);
		const meta = (await p.locator('.meta').first().textContent()).replace(/\s+/g, ' ');
		if (!meta.includes(`by ${ARTICLE.author}`)) problems.push(`byline "${meta.trim()}"`);
		await shot(p, 'article-1280');
		await p.close();
		return problems;
	});

	// ---- edit, revisions -----------------------------------------------------------------
	await check('editing the text from the articles list and saving shows "Saved." and the new text goes public', async () => {
		await openFromList(page, ARTICLE.title);
		const problems = [];
		if (!page.url().endsWith(`/admin/articles/${articleId}`)) problems.push(`the list led to ${page.url()}`);
		axePages.push({ name: 'editor', path: `/admin/articles/${articleId}` });
		await editorField(page, /^Text/).fill(ARTICLE.body2);
		await submit(page, page.getByRole('button', { name: 'Save', exact: true }), /\?done=saved$/);
		const f = await flashText(page);
		if (f !== 'Saved.') problems.push(`notice "${f}", error "${await formError(page)}"`);
		const [, p] = await publicPage(context, articlePath);
		if (!(await p.locator('article .body').textContent()).includes('single-use')) problems.push('the public article does not show the new text');
		await p.close();
		return problems;
	});

	await check('"Revisions" lists both versions, "View" shows what changed, restoring the first brings its text back on the public page', async () => {
		await Promise.all([page.waitForURL(/\/revisions$/), page.getByRole('link', { name: 'Revisions' }).click()]);
		axePages.push({ name: 'revisions', path: new URL(page.url()).pathname });
		const problems = [];
		const rows = page.locator('main table tbody tr');
		const versions = (await rows.locator('td:first-child').allTextContents()).map((s) => s.trim());
		if (versions.join(',') !== '2,1') problems.push(`versions listed: ${versions.join(',')}`);
		await shot(page, 'revisions-1280');
		await Promise.all([page.waitForURL(/\/revisions\/\d+$/), page.getByRole('link', { name: 'View version 1' }).click()]);
		axePages.push({ name: 'revision', path: new URL(page.url()).pathname });
		if (await page.locator('tr.diff-del').count() === 0 || await page.locator('tr.diff-add').count() === 0) problems.push('"View" shows no removed or added line');
		await shot(page, 'revision-1280');
		await Promise.all([page.waitForURL(/\/revisions$/), page.goBack()]);
		const first = rows.filter({ has: page.locator('td:first-child', { hasText: /^1$/ }) });
		await submit(page, first.getByRole('button', { name: 'Restore this version' }), /\?done=reverted$/);
		const f = await flashText(page);
		if (!/earlier revision was restored/.test(f)) problems.push(`notice "${f}"`);
		if ((await editorField(page, /^Text/).inputValue()).trim() !== ARTICLE.body1.trim()) problems.push('the editor does not show the first text');
		const [, p] = await publicPage(context, articlePath);
		const body = await p.locator('article .body').textContent();
		if (!body.includes('very fine needles') || body.includes('single-use')) problems.push('the public article does not show the first text again');
		await p.close();
		return problems;
	});

	// ---- trash and restore ---------------------------------------------------------------
	await check('"Move to the trash": the public address answers 410; "Restore" brings back 200', async () => {
		const problems = [];
		await submit(page, page.getByRole('button', { name: 'Move to the trash' }), /state=trash&done=trashed$/);
		let f = await flashText(page);
		if (!/Moved to the trash/.test(f)) problems.push(`notice after trashing: "${f}"`);
		const [r1, p1] = await publicPage(context, articlePath, 410);
		if (r1.status() !== 410) problems.push(`trashed article answers ${r1.status()}, want 410`);
		await p1.close();
		const row = page.locator('main table tbody tr').filter({ hasText: ARTICLE.title });
		await submit(page, row.getByRole('button', { name: 'Restore' }), /\/admin\/articles\/\d+\?done=restored$/);
		f = await flashText(page);
		if (!/Restored from the trash/.test(f)) problems.push(`notice after restoring: "${f}"`);
		expectedStatus.delete(base + articlePath);
		const [r2, p2] = await publicPage(context, articlePath);
		if (r2.status() !== 200) problems.push(`restored article answers ${r2.status()}, want 200`);
		await p2.close();
		return problems;
	});

	// ---- media ---------------------------------------------------------------------------
	await check('"Media": a PNG with alt text uploads and the library shows it with a Markdown snippet', async () => {
		await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Media' }).click();
		await page.waitForURL(/\/admin\/media$/);
		axePages.push({ name: 'media', path: '/admin/media' });
		await page.getByLabel(/^Image/).setInputFiles(IMAGE_FILE);
		await page.getByLabel(/^Alt text/).fill(IMAGE_ALT);
		await submit(page, page.getByRole('button', { name: 'Upload' }), /\/admin\/media\?done=uploaded$/);
		const problems = [];
		const f = await flashText(page);
		if (!/Uploaded/.test(f)) problems.push(`notice "${f}", error "${await formError(page)}"`);
		const item = page.locator('main ul.media li').filter({ hasText: 'needles-tray.png' });
		if (!(await item.count())) return [...problems, 'the library does not list needles-tray.png'];
		const img = item.locator('img');
		if ((await img.getAttribute('alt')) !== IMAGE_ALT) problems.push(`library image alt "${await img.getAttribute('alt')}"`);
		await img.scrollIntoViewIfNeeded();
		if (!(await img.evaluate((el) => el.decode().then(() => el.naturalWidth, () => 0)))) problems.push('the library image does not load');
		const snippet = item.getByLabel('Markdown to paste');
		mediaSnippet = await snippet.inputValue();
		if (!mediaSnippet.startsWith(`![${IMAGE_ALT}](/media/`)) problems.push(`snippet "${mediaSnippet}"`);
		// Copy it the way staff would: click into the field (it selects itself) and Ctrl+C.
		await snippet.click();
		const selected = await snippet.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
		if (selected !== mediaSnippet) problems.push(`focusing the snippet selected "${selected}", not all of it`);
		await page.keyboard.press('Control+C');
		await shot(page, 'media-1280');
		return problems;
	});

	await check('the snippet pasted into the article shows the image with its alt text on the public page', async () => {
		if (!mediaSnippet) return ['no snippet from the media library'];
		await openFromList(page, ARTICLE.title);
		const body = editorField(page, /^Text/);
		await body.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Control+V');
		const problems = [];
		if (!(await body.inputValue()).includes(mediaSnippet)) {
			note('Ctrl+V did not paste in this headless browser; typing the snippet instead');
			await body.press('End');
			await page.keyboard.insertText(mediaSnippet);
		}
		await submit(page, page.getByRole('button', { name: 'Save', exact: true }), /\?done=saved$/);
		const f = await flashText(page);
		if (f !== 'Saved.') problems.push(`notice "${f}", error "${await formError(page)}"`);
		const [, p] = await publicPage(context, articlePath);
		const img = p.locator('article .body img');
		if ((await img.count()) !== 1) {
			await p.close();
			return [...problems, `${await img.count()} images in the article body`];
		}
		if ((await img.getAttribute('alt')) !== IMAGE_ALT) problems.push(`alt "${await img.getAttribute('alt')}"`);
		const w = await img.evaluate((el) => el.decode().then(() => el.naturalWidth, () => 0));
		if (!(w > 0)) problems.push(`the image did not load (naturalWidth ${w}, src ${await img.getAttribute('src')})`);
		await shot(p, 'article-with-image-1280');
		await p.close();
		return problems;
	});

	// ---- scheduled and draft articles on the dashboard -------------------------------------
	let liveAt = '';
	await check('an article published two minutes ahead is listed under "Goes live" and is not public yet', async () => {
		await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'New article' }).click();
		await page.waitForURL(/\/admin\/articles\/new$/);
		await page.getByLabel('Title', { exact: true }).fill(SCHEDULED_TITLE);
		await editorField(page, /^Text/).fill('From December we open at 08:30 on weekdays.\n');
		await editorField(page, /^Status/).selectOption({ label: 'Published' });
		// The site's local time (the browser runs in the site's zone), as datetime-local wants.
		liveAt = await page.evaluate(() => {
			const d = new Date(Date.now() + 2 * 60000);
			const p2 = (x) => String(x).padStart(2, '0');
			return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}`;
		});
		await editorField(page, /^Publish time/).fill(liveAt);
		await submit(page, page.getByRole('button', { name: 'Save', exact: true }), /\?done=created$/);
		const problems = [];
		const f = await flashText(page);
		if (f !== 'Created.') problems.push(`notice "${f}", error "${await formError(page)}"`);
		const kept = await editorField(page, /^Publish time/).inputValue();
		if (kept !== liveAt) problems.push(`publish time shown after saving "${kept}", entered "${liveAt}"`);
		await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Dashboard' }).click();
		await page.waitForURL(/\/admin\/$/);
		const live = page.getByRole('region', { name: 'Goes live' });
		const text = (await live.textContent()).replace(/\s+/g, ' ');
		if (!(await live.getByRole('link', { name: SCHEDULED_TITLE }).count())) problems.push(`"Goes live" reads "${text.trim()}"`);
		else if (!text.includes(liveAt.slice(11))) problems.push(`"Goes live" does not show the time ${liveAt.slice(11)}: "${text.trim()}"`);
		const [, p] = await publicPage(context, '/');
		if (await p.getByRole('link', { name: SCHEDULED_TITLE }).count()) problems.push('the home page already lists the scheduled article');
		await p.close();
		return problems;
	});

	await check('a draft is listed under "Drafts" on the dashboard and is not public', async () => {
		await page.getByRole('link', { name: 'Write a new article' }).click();
		await page.waitForURL(/\/admin\/articles\/new$/);
		await page.getByLabel('Title', { exact: true }).fill(DRAFT_TITLE);
		await editorField(page, /^Text/).fill('Notes for Dr Lowe to check before this goes out.\n');
		await submit(page, page.getByRole('button', { name: 'Save', exact: true }), /\?done=created$/);
		const problems = [];
		const f = await flashText(page);
		if (f !== 'Created.') problems.push(`notice "${f}", error "${await formError(page)}"`);
		await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Dashboard' }).click();
		await page.waitForURL(/\/admin\/$/);
		const drafts = page.getByRole('region', { name: 'Drafts' });
		if (!(await drafts.getByRole('link', { name: DRAFT_TITLE }).count())) problems.push(`"Drafts" reads "${(await drafts.textContent()).replace(/\s+/g, ' ').trim()}"`);
		const recent = page.getByRole('region', { name: 'Recently published' });
		if (!(await recent.getByRole('link', { name: ARTICLE.title }).count())) problems.push('"Recently published" does not list the published article');
		const [, p] = await publicPage(context, '/');
		if (await p.getByRole('link', { name: DRAFT_TITLE }).count()) problems.push('the home page lists the draft');
		await p.close();
		return problems;
	});

	// ---- screenshots and narrow screens ---------------------------------------------------
	await check('screenshots: dashboard and editor at 1280 px', async () => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.goto(base + '/admin/', { waitUntil: 'load' });
		await shot(page, 'dashboard-1280');
		await page.goto(base + `/admin/articles/${articleId}`, { waitUntil: 'load' });
		await shot(page, 'editor-1280');
		await page.goto(base + '/admin/articles', { waitUntil: 'load' });
		axePages.push({ name: 'articles', path: '/admin/articles' });
		await shot(page, 'articles-1280');
		return [];
	});
	for (const [name, path] of [['dashboard', '/admin/'], ['editor', `/admin/articles/${articleId}`], ['new-article', '/admin/articles/new']]) {
		await check(`${name} (${path}) at 375 px: no horizontal scrolling, screenshot saved`, async () => {
			await page.setViewportSize({ width: 375, height: 740 });
			await page.goto(base + path, { waitUntil: 'load' });
			const problems = await sideways(page);
			await shot(page, `${name}-375`);
			return problems;
		});
	}
	await page.setViewportSize({ width: 1280, height: 800 });

	// ---- what happened along the way ----------------------------------------------------
	await check('no request to any other host', () => log.foreign);
	await check('no console errors (but the expected 410 of the trashed article)', () => log.console);
	await check('no page errors', () => log.pageErrors);
	await check('no Content-Security-Policy violations', () => log.csp);
	await check('no failed requests for the site\'s own files (4xx/5xx, network errors)', () => log.badResponses);
	await check('every staff screen is served with a Content-Security-Policy header', () => [...log.noCsp].map((p) => `${p} has none`));
	await check('no "leave site?" warning interrupted the story (nothing unsaved was left behind)', () => log.dialogs);
	const storage = await context.storageState();
	await context.close();

	// ---- axe-core, in its own context (bypassing CSP for the injected script) ------------
	const axeContext = await newContext(browser, { bypassCSP: true, storageState: storage });
	const axePage = await axeContext.newPage();
	const seen = new Set();
	for (const p of axePages) {
		if (seen.has(p.name)) continue;
		seen.add(p.name);
		await check(`axe-core (${AXE_TAGS.join(', ')}): no violations on ${p.name} (${p.path}) at 375 and 1280 px`, async () => {
			const problems = [];
			for (const width of [375, 1280]) {
				await axePage.setViewportSize(viewport(width));
				const r = await axePage.goto(base + p.path, { waitUntil: 'load' });
				if (r.status() !== 200) problems.push(`${width} px: status ${r.status()}`);
				problems.push(...await axeProblems(axePage, width));
			}
			return problems;
		});
	}
	await axeContext.close();
	for (const want of ['login', 'dashboard', 'editor', 'articles', 'media', 'revisions', 'revision']) {
		if (!seen.has(want)) report(false, `axe-core ran on the ${want} screen`, ['an earlier step failed before reaching it']);
	}
});

summary(` in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artefacts}`);
exit();
