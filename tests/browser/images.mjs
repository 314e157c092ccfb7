/* SPDX-License-Identifier: ISC */
// images.mjs: an article with a phone photo and a featured image, in a real headless
// Chromium, as readers on a phone and on a desktop get it.
//
//   node images.mjs BASE_URL [ARTEFACTS_DIR]
//   IMAGES_ARTICLE (its path), IMAGES_PHOTO and IMAGES_FEATURED (the two library ids),
//   IMAGES_FEATURED_ALT (the featured image's alt text), IMAGES_PHOTO_BYTES (the upload's size)
//
// Checks: no layout shift while the images arrive (Cumulative Layout Shift below 0.01, with
// every image answer held back so that the text is painted first), each image's width and
// height attributes of its own proportions; at 375 px (device pixel ratio 1 and 2) and at
// 1280 px the variant the browser fetched, as WebP, one file per image, small on the phone
// and larger on the desktop; axe-core on the article; og:image (absolute, its width, height
// and alt those of the file it names), twitter:card and the JSON-LD image; nothing from
// other hosts, no console errors or CSP violations. Prints the image bytes fetched at 375 px
// as a comment. TAP-style lines as reading.mjs; exit 1 when a check failed.
import { join } from 'node:path';
import { AXE_TAGS, axeProblems, fetchedBytes, reporter, scrollThrough, siteArgs, siteContext, viewport, watch } from './lib.mjs';

const { base, baseOrigin, artefacts } = siteArgs('images.mjs');
const ARTICLE = process.env.IMAGES_ARTICLE || '/articles/our-needles';
const PHOTO = Number(process.env.IMAGES_PHOTO);
const FEATURED = Number(process.env.IMAGES_FEATURED);
const FEATURED_ALT = process.env.IMAGES_FEATURED_ALT || '';
const PHOTO_BYTES = Number(process.env.IMAGES_PHOTO_BYTES || 0);
// Long enough that the text is laid out and painted before any image arrives.
const HOLD_MS = 600;
const { check, startBrowser, runChecks, summary, exit } = reporter();

// A library variant's address, /media/ID/WIDTH-HASH.EXT, as { id, width, ext }; the full
// size under its name, /media/ID/NAME, has width 0.
function variantOf(u) {
	const m = /^\/media\/(\d+)\/(?:(\d+)-[0-9a-f]{16}\.(webp|jpg|png)|[^/]+)$/.exec(new URL(u, base).pathname);
	return m ? { id: Number(m[1]), width: m[2] ? Number(m[2]) : 0, ext: m[3] || '' } : null;
}

const log = { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [], expected: () => undefined };

// A fresh context (an empty cache) at WIDTH px and device pixel ratio DPR, with the article
// loaded and scrolled through so that the lazy images load too. Returns the page, what each
// library image shows (currentSrc, natural and attribute sizes, rendered width), and the
// library files requested.
async function visit(browser, width, dpr, { hold = 0, options = {} } = {}) {
	const context = await siteContext(browser, baseOrigin, { viewport: viewport(width), deviceScaleFactor: dpr, ...options });
	// Every layout shift not caused by input, summed as Chromium reports them.
	await context.addInitScript(() => {
		window.__shifts = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				if (!e.hadRecentInput) window.__shifts.push({ value: e.value, at: Math.round(e.startTime) });
			}
		}).observe({ type: 'layout-shift', buffered: true });
	});
	if (hold > 0) {
		await context.route((url) => url.origin === baseOrigin && url.pathname.startsWith('/media/'),
			async (route) => { await new Promise((r) => setTimeout(r, hold)); await route.continue(); });
	}
	const page = await context.newPage();
	watch(page, log, baseOrigin);
	const requested = [];
	page.on('request', (r) => { if (variantOf(r.url())) requested.push(r.url()); });
	const response = await page.goto(base + ARTICLE, { waitUntil: 'load' });
	await scrollThrough(page);
	// The file's own width is in its address: naturalWidth is in CSS pixels (divided by
	// the density srcset gives it).
	const images = await page.evaluate(() => [...document.querySelectorAll('main img')].map((i) => {
		const source = i.closest('picture') ? i.closest('picture').querySelector('source') : null;
		return {
			currentSrc: i.currentSrc, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight,
			attrWidth: Number(i.getAttribute('width')), attrHeight: Number(i.getAttribute('height')),
			shown: i.getBoundingClientRect().width,
			offered: source ? source.srcset.split(',').map((c) => parseInt(c.trim().split(/\s+/)[1], 10)) : [],
		};
	}));
	for (const i of images) i.file = variantOf(i.currentSrc) || { id: 0, width: 0, ext: '' };
	return { context, page, response, images, requested };
}

const browser = await startBrowser();
await runChecks(browser, async () => {
	// ---- nothing moves while the images arrive ---------------------------------------
	for (const width of [375, 1280]) {
		await check(`${width} px: no layout shift while the images arrive (CLS < 0.01, each image held back ${HOLD_MS} ms)`, async () => {
			const v = await visit(browser, width, 1, { hold: HOLD_MS });
			const problems = [];
			if (v.response.status() !== 200) problems.push(`status ${v.response.status()}`);
			const shifts = await v.page.evaluate(() => window.__shifts);
			const cls = shifts.reduce((s, e) => s + e.value, 0);
			console.log(`# CLS at ${width} px: ${cls.toFixed(4)} (${shifts.length} shifts)`);
			if (cls >= 0.01) problems.push(`CLS ${cls.toFixed(4)}: ${shifts.map((s) => `${s.value.toFixed(4)} at ${s.at} ms`).join(', ')}`);
			if (v.images.length !== 2) problems.push(`${v.images.length} images in main, want 2`);
			if (v.images.some((i) => i.naturalWidth === 0)) problems.push('an image did not load');
			await v.page.evaluate(() => window.scrollTo(0, 0));
			await v.page.screenshot({ path: join(artefacts, `article-${width}.png`), fullPage: true });
			await v.context.close();
			return problems;
		});
	}

	// ---- the variant each screen fetches --------------------------------------------
	// [width, device pixel ratio]; what each fetched is kept for the comparisons below. The
	// right variant is the narrowest of those offered that still has a file pixel for each
	// screen pixel the image covers (or the widest, if none has).
	const seen = {};
	for (const [width, dpr] of [[375, 1], [375, 2], [1280, 1]]) {
		const name = `${width} px at ${dpr}x`;
		await check(`${name}: each image fetched once, as WebP, the narrowest variant as wide as it is shown`, async () => {
			const v = await visit(browser, width, dpr);
			const problems = [];
			v.bytes = await fetchedBytes(v.page);
			seen[name] = v;
			for (const i of v.images) {
				const label = i.file.id === PHOTO ? 'photo' : i.file.id === FEATURED ? 'featured image' : `image ${i.currentSrc}`;
				const need = Math.ceil(i.shown * dpr);
				const offered = [...i.offered].sort((x, y) => x - y);
				const want = offered.find((w) => w >= need) || offered[offered.length - 1];
				console.log(`# ${name}: ${label} ${Math.round(i.shown)} px wide (${need} screen pixels), offered ${offered.join(', ')}; fetched ${new URL(i.currentSrc).pathname}`);
				if (i.file.ext !== 'webp') problems.push(`${label}: ${i.currentSrc} is not the WebP source`);
				const mine = v.requested.filter((u) => variantOf(u).id === i.file.id);
				if (mine.length !== 1 || mine[0] !== i.currentSrc) problems.push(`${label}: requested ${mine.join(', ') || 'nothing'}, shows ${i.currentSrc}`);
				if (i.file.width !== want) problems.push(`${label}: fetched the ${i.file.width || 'full'} px variant, want ${want} px for ${need} screen pixels`);
			}
			if (![PHOTO, FEATURED].every((id) => v.images.some((i) => i.file.id === id))) problems.push(`want images ${PHOTO} and ${FEATURED}, got ${v.images.map((i) => i.currentSrc).join(', ')}`);
			await v.context.close();
			return problems;
		});
	}
	const photoAt = (name) => (seen[name] ? seen[name].images.find((i) => i.file.id === PHOTO) : undefined);
	await check('375 px at 1x and 2x: the phone fetches a small variant of the photo (480 or 960 px, not the full size)', () =>
		['375 px at 1x', '375 px at 2x'].map((n) => [n, photoAt(n)])
			.filter(([, p]) => !p || !(p.file.width > 0 && p.file.width <= 960))
			.map(([n, p]) => `${n}: fetched ${p ? p.currentSrc : 'nothing'}`));
	await check('1280 px: the desktop fetches a wider variant of the photo than the phone at 1x', () => {
		const d = photoAt('1280 px at 1x'), p = photoAt('375 px at 1x');
		return d && p && d.file.width > p.file.width ? [] : [`desktop ${d ? d.currentSrc : '-'}, phone ${p ? p.currentSrc : '-'}`];
	});
	await check('every image has width and height attributes in the proportions of the file shown', () => {
		const problems = [];
		for (const v of Object.values(seen)) {
			for (const i of v.images) {
				if (!i.attrWidth || !i.attrHeight) problems.push(`${i.currentSrc}: width="${i.attrWidth || ''}" height="${i.attrHeight || ''}"`);
				else if (Math.abs(i.attrWidth / i.attrHeight - i.naturalWidth / i.naturalHeight) > 0.01) problems.push(`${i.currentSrc}: ${i.attrWidth} x ${i.attrHeight} attributes, the file ${i.naturalWidth} x ${i.naturalHeight}`);
			}
		}
		return problems;
	});
	const phone = seen['375 px at 1x'];
	if (phone) {
		const images = phone.bytes.filter((f) => variantOf(f.url));
		const imageBytes = images.reduce((n, f) => n + f.bytes, 0);
		const total = phone.bytes.reduce((n, f) => n + f.bytes, 0);
		console.log(`# transferred at 375 px (1x), scrolled to the end: ${imageBytes} bytes of images (${images.length} files), ${total} bytes in all` +
			(PHOTO_BYTES ? `; the photo as uploaded is ${PHOTO_BYTES} bytes` : ''));
	}

	// ---- axe-core --------------------------------------------------------------------
	await check(`axe-core (${AXE_TAGS.join(', ')}): no violations on the article at 375 and 1280 px`, async () => {
		const problems = [];
		for (const width of [375, 1280]) {
			const v = await visit(browser, width, 1, { options: { bypassCSP: true } });
			problems.push(...await axeProblems(v.page, width));
			await v.context.close();
		}
		return problems;
	});

	// ---- what a link preview reads -----------------------------------------------------
	await check('og:image is an absolute URL of this site whose file has og:image:width and height; og:image:alt, twitter:card and JSON-LD image agree', async () => {
		const v = await visit(browser, 1280, 1);
		const t = await v.page.evaluate(() => {
			const meta = (k) => { const e = document.querySelector(`meta[property="${k}"], meta[name="${k}"]`); return e ? e.getAttribute('content') : null; };
			const ld = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent);
			return {
				image: meta('og:image'), width: meta('og:image:width'), height: meta('og:image:height'),
				alt: meta('og:image:alt'), card: meta('twitter:card'), ld,
			};
		});
		const problems = [];
		if (!t.image || !t.image.startsWith(baseOrigin + '/media/')) problems.push(`og:image "${t.image}" is not an absolute URL of ${baseOrigin}`);
		else {
			const vi = variantOf(t.image);
			if (!vi || vi.id !== FEATURED) problems.push(`og:image ${t.image} is not the featured image ${FEATURED}`);
			const r = await v.page.request.get(t.image);
			if (r.status() !== 200 || !/^image\/(jpeg|png)$/.test(r.headers()['content-type'] || '')) problems.push(`og:image answers ${r.status()} ${r.headers()['content-type']}`);
			// The file's own size, decoded by the browser.
			const size = await v.page.evaluate((u) => new Promise((ok) => {
				const i = new Image();
				i.onload = () => ok([i.naturalWidth, i.naturalHeight]);
				i.onerror = () => ok(null);
				i.src = u;
			}), t.image);
			if (!size || String(size[0]) !== t.width || String(size[1]) !== t.height) problems.push(`og:image:width/height ${t.width} x ${t.height}, the file is ${size ? size.join(' x ') : 'unreadable'}`);
		}
		if (t.alt !== FEATURED_ALT) problems.push(`og:image:alt "${t.alt}", want "${FEATURED_ALT}"`);
		if (t.card !== 'summary_large_image') problems.push(`twitter:card "${t.card}"`);
		let ld = null;
		try { ld = JSON.parse(t.ld[0]); } catch (e) { problems.push(`JSON-LD does not parse: ${e.message}`); }
		if (ld) {
			const i = ld.image || {};
			if (i.url !== t.image || String(i.width) !== t.width || String(i.height) !== t.height) problems.push(`JSON-LD image ${JSON.stringify(ld.image)}, og:image ${t.image} ${t.width} x ${t.height}`);
		}
		await v.context.close();
		return problems;
	});

	await check('no request to any other host', () => log.foreign);
	await check('no console errors', () => log.console);
	await check('no page errors', () => log.pageErrors);
	await check('no Content-Security-Policy violations reported on the console', () => log.csp);
	await check('no failed requests for the page\'s own files (4xx/5xx, network errors)', () => log.badResponses);
});

summary(`; screenshots in ${artefacts}`);
exit();
