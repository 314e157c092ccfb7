// desk.mjs: the editor's writing desk in a real headless Chromium, used as a clinician would:
// by keyboard and by labels, never by URL guessing.
// SPDX-License-Identifier: ISC
//
//   node desk.mjs BASE_URL [ARTEFACTS_DIR]
//   (MERIDIAN_USER and MERIDIAN_PASSWORD name an admin account)
//
// The story: log in; click each toolbar button on a selection and at a bare cursor; write a new
// article: type, make a word bold with Ctrl+B, reach the toolbar with Shift+Tab and make a list
// with Enter; the live preview beside the text shows the rendered Markdown and the checks name
// the claim, the reading age and the missing alt text of known sentences; the preview can be
// switched off and on; at 375 px, "Write" and "Preview and checks" are tabs that arrow keys
// switch; the image button opens the library dialog, where a new image is uploaded from the file
// chooser (alt text required) and then picked from the library by keyboard, and images pasted
// from the clipboard and dropped on the dialog are uploaded; the article is saved; text typed
// afterwards makes closing the tab warn (saving does not) and survives it (offered back as
// "Restore unsaved text from HH:MM?"); a save sent after the session ended asks to log in again,
// and logging in saves the text; with the page's clock moved 30 s, unsaved text is kept on the
// server while the tab stays open. Throughout: no console or page errors, no CSP violation, no
// request to another host; axe-core on the editor with the panel open, at 1280 px and on the tab
// at 375 px, and with the image dialog open.
// Prints TAP-style lines; exit 1 when a check failed, 2 when the browser could not start.
import { AXE_TAGS, axeProblems, recordCsp, reporter, siteArgs, siteContext, watch } from './lib.mjs';

const USER = process.env.MERIDIAN_USER || 'alice';
const PASSWORD = process.env.MERIDIAN_PASSWORD || 'password-one-two';
const { base, baseOrigin, artefacts } = siteArgs('desk.mjs');
const { check, startBrowser, runChecks, summary, exit } = reporter();

// A 16x12 PNG made for this test (a teal gradient).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAABT0lEQVR4nBXRobEFIRBE0Z/BZkAGmwEZbAZozBr01RgMejQGgx6NwaAnAzL5+9qfqq7uv7/IFXGRO+IjTyRE3giREpFIj2hkRSxyIn9/iSvhEnfCJ55ESLwJEiUhiZ7QxEpY4qQPwAUObvDwQICXXwoIdFBYYHD4QObKuMyd8ZknEzJvhkzJSKZnNLMyljn5A5Wr4ip3xVeeSqi8FSqlIpVe0cqqWOXUDwiX4IRb8MIjBOGVX5siiNAFFZZgwpEPNK6Ga9wN33gaofE2aJSGNHpDG6thjdM+MLgGbnAP/OAZhME7YFAGMugDHayBDc74gHIpTrkVrzxKUF79TVMUUbqiylJMOfqByTVxk3viJ88kTN4JkzKRSZ/oZE1scuYHNtfGbe6N3zybsHk3bMpGNn2jm7WxzdkfMC7DGbfhjccIxmu/n4ohRjfUWIYZx/gH6jMisJbAI08AAAAASUVORK5CYII=', 'base64');
const TITLE = 'Back pain and acupuncture';
const CLAIM = 'Acupuncture will cure your back pain.';
const UPLOAD_ALT = 'A practitioner placing a needle in the lower back';
const PASTE_ALT = 'Diagram of the muscles of the lower back';
const DROP_ALT = 'Heat lamp beside a treatment couch';

// The save sent after the session ended is meant to answer 403 (with the login form).
let expiredSave = null;
const log = { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [],
	expected: (url) => (url === expiredSave ? 403 : undefined) };
// The pages that asked "Leave site?" before going, in order; and what the test saw of them.
const unloadWarnings = [];
const unload = { onSave: null, onClose: null };

async function newContext(browser, options = {}) {
	const context = await siteContext(browser, baseOrigin, options);
	if (!options.bypassCSP) await recordCsp(context, log);
	// The editor warns before unsaved text is lost (each warning is counted); closing the tab
	// on purpose accepts it.
	context.on('page', (p) => {
		watch(p, log, baseOrigin);
		p.on('dialog', (d) => { if (d.type() === 'beforeunload') unloadWarnings.push(p.url()); d.accept().catch(() => {}); });
	});
	return context;
}

async function login(page) {
	await page.getByLabel('User name').fill(USER);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
}

const body = (page) => page.getByLabel(/^Text/);
const focused = (page) => page.evaluate(() => (document.activeElement.getAttribute('aria-label') ||
	document.activeElement.id || document.activeElement.tagName));

// Each toolbar button, clicked with part of a text selected (wrapped or prefixed) and with
// only a cursor (its Markdown and a placeholder inserted there, the placeholder selected to
// be typed over; a line with text is prefixed whole): [button, text, selection start, end,
// text after, selection after (null: not asserted)].
const TOOL_CASES = [
	['Heading', 'Aftercare\nRest today.', 0, 9, '## Aftercare\nRest today.', null],
	['Heading', 'Before\n\nAfter', 7, 7, 'Before\n## Heading\nAfter', 'Heading'],
	['Bold', 'Rest well today.', 5, 9, 'Rest **well** today.', 'well'],
	['Bold', 'Rest today.', 5, 5, 'Rest **bold text**today.', 'bold text'],
	['Italic', 'Rest well today.', 5, 9, 'Rest *well* today.', 'well'],
	['Italic', 'Rest today.', 5, 5, 'Rest *italic text*today.', 'italic text'],
	['Link', 'Book a visit.', 0, 12, '[Book a visit](https://).', 'https://'],
	['Link', 'See ', 4, 4, 'See [link text](https://)', 'https://'],
	['Quote', 'Needles are fine.\nMost feel little.', 3, 22, '> Needles are fine.\n> Most feel little.', null],
	['Quote', 'Said:\n', 6, 6, 'Said:\n> Quoted text', 'Quoted text'],
	['Bulleted list', 'Rest\nDrink water', 0, 16, '- Rest\n- Drink water', null],
	['Bulleted list', 'Aftercare:\n\n', 11, 11, 'Aftercare:\n- List item\n', 'List item'],
	['Numbered list', 'Rest\nDrink water\nWalk', 2, 19, '1. Rest\n2. Drink water\n3. Walk', null],
	['Numbered list', '', 0, 0, '1. List item', 'List item'],
];

// A new paragraph at the end of the text, and the image dialog opened by its button.
async function imageDialog(page) {
	await body(page).press('Control+End');
	await page.keyboard.type('\n\n');
	await page.getByRole('button', { name: 'Image' }).click();
	const dlg = page.getByRole('dialog', { name: 'Insert an image' });
	await dlg.waitFor();
	return dlg;
}

const browser = await startBrowser();
const started = Date.now();
await runChecks(browser, async () => {
	const context = await newContext(browser);
	let page = await context.newPage();
	let articleUrl = null;

	await check('log in and open "New article"', async () => {
		await page.goto(base + '/admin/login', { waitUntil: 'load' });
		await login(page);
		await page.waitForURL(/\/admin\/$/);
		await page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'New article' }).click();
		await page.waitForURL(/\/admin\/articles\/new$/);
		return (await page.getByRole('toolbar', { name: 'Formatting' }).count()) === 1 ? [] : ['no "Formatting" toolbar'];
	});

	await check('each toolbar button, clicked, wraps the selection or inserts its Markdown at the cursor', async () => {
		const problems = [];
		const bar = page.getByRole('toolbar', { name: 'Formatting' });
		for (const [name, text, start, end, want, wantSelected] of TOOL_CASES) {
			await body(page).evaluate((ta, [t, s, e]) => { ta.value = t; ta.setSelectionRange(s, e); }, [text, start, end]);
			await bar.getByRole('button', { name, exact: true }).click();
			const got = await body(page).evaluate((ta) => ({ value: ta.value,
				selected: ta.value.slice(ta.selectionStart, ta.selectionEnd), back: document.activeElement === ta }));
			const on = `"${name}" on ${JSON.stringify(text)} [${start}, ${end}]`;
			if (got.value !== want) problems.push(`${on} made ${JSON.stringify(got.value)}, want ${JSON.stringify(want)}`);
			if (wantSelected !== null && got.selected !== wantSelected) problems.push(`${on} left ${JSON.stringify(got.selected)} selected, want ${JSON.stringify(wantSelected)}`);
			if (!got.back) problems.push(`${on}: the focus is not back in the text`);
		}
		await body(page).fill('');
		return problems;
	});

	await check('typing, Ctrl+B on a selection, and the toolbar by keyboard (Shift+Tab, Enter) write Markdown', async () => {
		const problems = [];
		await page.getByLabel('Title', { exact: true }).fill(TITLE);
		await body(page).click();
		await page.keyboard.type(`${CLAIM}\n\nRemember`);
		await page.keyboard.press('Shift+Home');
		await page.keyboard.press('Control+b');
		await page.keyboard.press('End');
		// Ctrl+I around a selection; Ctrl+K makes a link and selects its address to type over.
		await page.keyboard.type(' gently');
		for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowLeft');
		await page.keyboard.press('Control+i');
		await page.keyboard.press('End');
		await page.keyboard.type(' and ask us');
		for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowLeft');
		await page.keyboard.press('Control+k');
		await page.keyboard.type('/contact');
		await page.keyboard.press('End');
		await page.keyboard.type('\n\n');
		for (const want of ['Image', 'Quote', 'Numbered list', 'Bulleted list']) {
			await page.keyboard.press('Shift+Tab');
			const got = await focused(page);
			if (got !== want) problems.push(`Shift+Tab reached "${got}", want "${want}"`);
		}
		await page.keyboard.press('Enter');
		if ((await focused(page)) !== 'body') problems.push('after the button, the focus is not back in the text');
		await page.keyboard.type('Warm compresses');
		const v = await body(page).inputValue();
		if (!v.includes('**Remember** *gently* and [ask us](/contact)')) problems.push(`Ctrl+B, I and K did not make "**Remember** *gently* and [ask us](/contact)": ${JSON.stringify(v)}`);
		if (!v.includes('- Warm compresses')) problems.push(`the list button did not make "- ...": ${JSON.stringify(v)}`);
		return problems;
	});

	await check('the live preview beside the text shows the rendered Markdown, and the checks name the known problems', async () => {
		const problems = [];
		const preview = page.locator('#desk-preview');
		await preview.locator('strong', { hasText: 'Remember' }).waitFor();
		if ((await preview.locator('li', { hasText: 'Warm compresses' }).count()) !== 1) problems.push('the list is not rendered');
		if ((await preview.locator('h1').textContent()) !== TITLE) problems.push('the title is not drawn by the article template');
		const checks = page.locator('#desk-checks');
		await checks.getByText('"cure": A promise to cure').waitFor();
		if (!(await checks.getByText(/Reading ease \d+ of 100.*reading age about \d+, target 11/).count())) problems.push('no reading age');
		const t = await body(page).boundingBox(), p = await preview.boundingBox();
		if (!(p && t && p.x >= t.x + t.width)) problems.push(`the preview is not beside the text (${JSON.stringify([t, p])})`);
		// The README's picture of the desk: the text, the preview and the checks in one view.
		await body(page).scrollIntoViewIfNeeded();
		await page.evaluate(() => window.scrollBy(0, document.querySelector('.desk').getBoundingClientRect().top - 8));
		await page.screenshot({ path: `${artefacts}/desk-readme.png` });
		// A known accessibility problem, typed in: an image with a file name for alt text.
		await body(page).press('Control+End');
		await page.keyboard.type('\n\n![IMG_0042.jpg](/static/favicon.svg)');
		await checks.getByText(/has no meaningful alt text \("IMG_0042.jpg"\)/).waitFor();
		await page.screenshot({ path: `${artefacts}/desk-1280.png`, fullPage: true });
		return problems;
	});

	await check('live counts under the fields: words and reading time of the text, the summary against 155 characters', async () => {
		const problems = [];
		const words = (await body(page).inputValue()).split(/\s+/).filter(Boolean).length;
		const count = (await page.locator('#body-count').textContent()).trim();
		if (count !== `${words} words · about 1 min read`) problems.push(`text count "${count}", want ${words} words`);
		await page.getByLabel(/^Summary/).fill('x'.repeat(160));
		const s = (await page.locator('#summary-count').textContent()).trim();
		if (s !== '160 of about 155 characters search engines show: the rest will be cut off.') problems.push(`summary count "${s}"`);
		await page.getByLabel(/^Summary/).fill('Why acupuncture may help some kinds of back pain.');
		if (!/^49 of about 155/.test(await page.locator('#summary-count').textContent())) problems.push('the summary count does not follow the typing');
		return problems;
	});

	await check('"Show the preview beside the text" switches the preview off and on', async () => {
		const problems = [];
		const box = page.getByLabel('Show the preview beside the text');
		await box.uncheck();
		if (await page.locator('#desk-preview').isVisible()) problems.push('still visible when switched off');
		if (!(await page.locator('#desk-checks').isVisible())) problems.push('the checks went too');
		await box.check();
		if (!(await page.locator('#desk-preview').isVisible())) problems.push('not back when switched on');
		return problems;
	});

	await check('at 375 px, "Write" and "Preview and checks" are tabs; arrow keys switch them', async () => {
		const problems = [];
		await page.setViewportSize({ width: 375, height: 740 });
		const write = page.getByRole('tab', { name: 'Write' }), side = page.getByRole('tab', { name: 'Preview and checks' });
		if (!(await write.isVisible()) || (await write.getAttribute('aria-selected')) !== 'true') problems.push('"Write" is not the selected tab');
		if (await page.locator('#desk-preview').isVisible()) problems.push('the preview shows on the Write tab');
		await write.focus();
		await page.keyboard.press('ArrowRight');
		if ((await side.getAttribute('aria-selected')) !== 'true') problems.push('ArrowRight did not select "Preview and checks"');
		if (!(await page.locator('#desk-preview').isVisible())) problems.push('the preview tab does not show the preview');
		if (await body(page).isVisible()) problems.push('the text shows on the preview tab');
		await page.screenshot({ path: `${artefacts}/desk-375-preview.png`, fullPage: true });
		await page.keyboard.press('ArrowLeft');
		if (!(await body(page).isVisible())) problems.push('ArrowLeft did not bring the text back');
		await page.setViewportSize({ width: 1280, height: 800 });
		return problems;
	});

	await check('the image button opens a dialog; a new image needs its alt text, then is uploaded and inserted', async () => {
		const problems = [];
		const dlg = await imageDialog(page);
		await dlg.getByLabel('Choose an image file').setInputFiles({ name: 'needle.png', mimeType: 'image/png', buffer: PNG });
		await dlg.getByRole('button', { name: 'Upload and insert' }).click();
		await dlg.getByText('Describe the image in the alt text first.').waitFor();
		if (!(await dlg.isVisible())) problems.push('the dialog closed without alt text');
		await dlg.getByLabel(/^Alt text/).fill(UPLOAD_ALT);
		await dlg.getByRole('button', { name: 'Upload and insert' }).click();
		await dlg.waitFor({ state: 'hidden' });
		const v = await body(page).inputValue();
		if (!new RegExp(`!\\[${UPLOAD_ALT}\\]\\(/media/\\d+/needle\\.png\\)`).test(v)) problems.push(`no image Markdown inserted: ${JSON.stringify(v.slice(-120))}`);
		return problems;
	});

	await check('the library in the dialog by keyboard alone: Escape closes it; search, Tab to a thumbnail, Enter inserts it', async () => {
		const problems = [];
		await body(page).press('Control+End');
		await page.keyboard.type('\n\n');
		// From the text, Shift+Tab reaches the toolbar's last button, "Image".
		await page.keyboard.press('Shift+Tab');
		if ((await focused(page)) !== 'Image') problems.push(`Shift+Tab reached "${await focused(page)}"`);
		await page.keyboard.press('Enter');
		const dlg = page.getByRole('dialog', { name: 'Insert an image' });
		await dlg.waitFor();
		await page.keyboard.press('Escape');
		await dlg.waitFor({ state: 'hidden' });
		if ((await body(page).inputValue()).endsWith(')')) problems.push('Escape inserted something');
		if ((await focused(page)) !== 'Image') problems.push(`after Escape the focus is on "${await focused(page)}", not back on "Image"`);
		await page.keyboard.press('Enter');
		await dlg.waitFor();
		const pick = dlg.getByRole('button', { name: UPLOAD_ALT });
		await pick.waitFor();
		if (!(await pick.locator('img').count())) problems.push('no thumbnail');
		if ((await focused(page)) !== 'desk-pick-search') problems.push('the dialog does not open on its search field');
		await page.keyboard.type('nothing like this');
		if (await pick.count()) problems.push('search did not hide a non-matching image');
		await page.keyboard.press('Control+a');
		await page.keyboard.type('practitioner');
		await pick.waitFor();
		await page.screenshot({ path: `${artefacts}/desk-dialog.png` });
		await page.keyboard.press('Tab');
		if ((await focused(page)) !== 'BUTTON' || !(await pick.evaluate((b) => b === document.activeElement))) problems.push('Tab from the search does not reach the thumbnail');
		await page.keyboard.press('Enter');
		await dlg.waitFor({ state: 'hidden' });
		const v = await body(page).inputValue();
		if ((v.match(new RegExp(`!\\[${UPLOAD_ALT}\\]`, 'g')) || []).length !== 2) problems.push('the picked image was not inserted');
		if ((await focused(page)) !== 'body') problems.push('the focus did not return to the text');
		return problems;
	});

	await check('an image pasted from the clipboard into the text opens the dialog, and is uploaded with its alt text', async () => {
		const problems = [];
		await body(page).press('Control+End');
		await page.keyboard.type('\n\n');
		await body(page).evaluate((ta, b64) => {
			const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'clipboard.png', { type: 'image/png' }));
			ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
		}, PNG.toString('base64'));
		const dlg = page.getByRole('dialog', { name: 'Insert an image' });
		await dlg.waitFor();
		await dlg.getByText('Chosen: clipboard.png').waitFor();
		if ((await focused(page)) !== 'desk-pick-alt') problems.push('the alt text field is not focused');
		await page.keyboard.type(PASTE_ALT);
		await dlg.getByRole('button', { name: 'Upload and insert' }).click();
		await dlg.waitFor({ state: 'hidden' });
		if (!new RegExp(`!\\[${PASTE_ALT}\\]\\(/media/\\d+/clipboard\\.png\\)`).test(await body(page).inputValue())) problems.push('the pasted image was not inserted');
		return problems;
	});

	await check('an image dropped on the dialog\'s drop zone is taken, and is uploaded with its alt text', async () => {
		const problems = [];
		const dlg = await imageDialog(page);
		// What a browser does when a file is dragged from the desktop: dragover (which must be
		// cancelled for the drop to be allowed), then drop, both carrying the file.
		const allowed = await dlg.locator('.desk-drop').evaluate((zone, b64) => {
			const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const dt = new DataTransfer();
			dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
			const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
			zone.dispatchEvent(over);
			zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
			return over.defaultPrevented;
		}, PNG.toString('base64'));
		if (!allowed) problems.push('dragging a file over the drop zone is not allowed (dragover not cancelled)');
		if (!(await dlg.getByText('Chosen: dropped.png').waitFor({ timeout: 5000 }).then(() => true, () => false))) {
			await dlg.getByRole('button', { name: 'Cancel' }).click();
			return [...problems, 'the dropped file was not taken (no "Chosen: dropped.png")'];
		}
		await dlg.getByLabel(/^Alt text/).fill(DROP_ALT);
		await dlg.getByRole('button', { name: 'Upload and insert' }).click();
		await dlg.waitFor({ state: 'hidden' });
		if (!new RegExp(`!\\[${DROP_ALT}\\]\\(/media/\\d+/dropped\\.png\\)`).test(await body(page).inputValue())) problems.push('the dropped image was not inserted');
		return problems;
	});

	await check('Save: "Created.", and the checks are shown with the saved article', async () => {
		const warned = unloadWarnings.length;
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await page.waitForURL(/\/admin\/articles\/\d+\?done=created$/);
		unload.onSave = unloadWarnings.length > warned;
		articleUrl = page.url().replace(/\?.*/, '');
		const problems = [];
		if (!/Created/.test(await page.locator('main .flash').textContent())) problems.push('no "Created." notice');
		await page.locator('#desk-checks').getByText('"cure": A promise to cure').waitFor();
		return problems;
	});

	await check('text typed after saving survives closing the tab: "Restore unsaved text from HH:MM?" brings it back', async () => {
		const problems = [];
		await body(page).press('Control+End');
		await page.keyboard.type('\n\nA paragraph typed after the save, then the tab was closed.');
		const warning = page.waitForEvent('dialog').then((d) => d.type(), () => 'none');
		await page.close({ runBeforeUnload: true });
		unload.onClose = await warning;
		await new Promise((r) => setTimeout(r, 500));
		page = await context.newPage();
		await page.goto(articleUrl, { waitUntil: 'load' });
		const offer = page.getByRole('heading', { name: /^Restore unsaved text from \d\d:\d\d\?$/ });
		if (!(await offer.count())) return ['no "Restore unsaved text from HH:MM?" offer'];
		if ((await body(page).inputValue()).includes('then the tab was closed')) problems.push('the kept text was in the form before restoring');
		await page.getByRole('link', { name: 'Restore it' }).click();
		await page.waitForURL(/restore=autosave/);
		if (!(await body(page).inputValue()).includes('then the tab was closed')) problems.push('restoring did not bring the text back');
		return problems;
	});

	await check('the unload warning: closing the tab with unsaved text asks first; leaving by Save does not', () => {
		const problems = [];
		if (unload.onClose !== 'beforeunload') problems.push(`closing the tab with unsaved text gave ${unload.onClose}, not the "Leave site?" warning`);
		if (unload.onSave !== false) problems.push(`the Save button's own page change ${unload.onSave ? 'asked "Leave site?"' : 'was not reached'}`);
		return problems;
	});

	await check('a save sent after the session ended asks to log in again, and logging in saves the text', async () => {
		const problems = [];
		await body(page).press('Control+End');
		await page.keyboard.type('\n\nWritten while the session ended.');
		await context.clearCookies();
		expiredSave = articleUrl;
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await page.waitForURL(/\/admin\/articles\/\d+$/);
		const h1 = (await page.locator('h1').textContent()).trim();
		if (h1 !== 'Staff login') problems.push(`the answer's heading is "${h1}"`);
		if (!/your text will be saved/.test(await page.locator('main .error').textContent())) problems.push('the login form does not say the text will be saved');
		await login(page);
		await page.waitForURL(/\/admin\/articles\/\d+\?done=saved$/);
		if (!/Saved/.test(await page.locator('main .flash').textContent())) problems.push('no "Saved." notice');
		const v = await body(page).inputValue();
		if (!v.includes('Written while the session ended.') || !v.includes('then the tab was closed')) problems.push('the saved text lacks what was typed');
		return problems;
	});

	await check('every 30 s, unsaved text goes to the server: another tab is offered it while this one stays open', async () => {
		const problems = [];
		const w = await context.newPage();
		// The page's clock is the test's: 30 s pass when the test says so.
		await w.clock.install();
		await w.goto(articleUrl, { waitUntil: 'load' });
		await body(w).press('Control+End');
		await w.keyboard.type('\n\nKept by the half-minute autosave.');
		await w.clock.runFor(31000);
		await w.locator('#desk-status').getByText(/^Unsaved text kept on the server at \d\d:\d\d\.$/).waitFor();
		const other = await context.newPage();
		await other.goto(articleUrl, { waitUntil: 'load' });
		if (!(await other.getByRole('heading', { name: /^Restore unsaved text from/ }).count())) problems.push('another tab is not offered the kept text');
		await other.getByRole('link', { name: 'Restore it' }).click();
		await other.waitForURL(/restore=autosave/);
		if (!(await body(other).inputValue()).includes('Kept by the half-minute autosave.')) problems.push('the kept text is not what was typed');
		await other.close();
		await w.close();
		return problems;
	});

	await check('no request to any other host', () => log.foreign);
	await check('no console errors', () => log.console);
	await check('no page errors', () => log.pageErrors);
	await check('no Content-Security-Policy violations', () => log.csp);
	await check('no failed requests for the site\'s own files', () => log.badResponses);
	const storage = await context.storageState();
	await context.close();

	const axeContext = await newContext(browser, { bypassCSP: true, storageState: storage });
	const ap = await axeContext.newPage();
	await check(`axe-core (${AXE_TAGS.join(', ')}): the editor with the panel open, the 375 px tab, the image dialog`, async () => {
		const problems = [];
		await ap.goto(articleUrl, { waitUntil: 'load' });
		await ap.locator('#desk-preview article').waitFor();
		problems.push(...await axeProblems(ap, 1280));
		await ap.setViewportSize({ width: 375, height: 740 });
		await ap.getByRole('tab', { name: 'Preview and checks' }).click();
		problems.push(...await axeProblems(ap, 375));
		await ap.getByRole('tab', { name: 'Write' }).click();
		await ap.setViewportSize({ width: 1280, height: 800 });
		await ap.getByRole('button', { name: 'Image' }).click();
		await ap.getByRole('dialog', { name: 'Insert an image' }).getByRole('button', { name: UPLOAD_ALT }).waitFor();
		problems.push(...(await axeProblems(ap, 1280)).map((p) => `dialog: ${p}`));
		return problems;
	});
	await axeContext.close();
});

summary(` in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artefacts}`);
exit();
