/* SPDX-License-Identifier: ISC */
// mfa.mjs: two-factor sign-in in a real headless Chromium, as a member of staff sets it up:
// log in, open "Two-factor" from the menu, see the QR code, read the key printed under it (as
// someone typing it into an app would), enter the app's code, see the recovery codes, log out,
// log in with the password and then the code. The codes are computed here with node's
// HMAC-SHA1 (RFC 6238), standing in for the phone.
// SPDX-License-Identifier: ISC
//
//   node mfa.mjs BASE_URL [ARTEFACTS_DIR]
//   (MERIDIAN_USER and MERIDIAN_PASSWORD name an account without two-factor sign-in;
//   MERIDIAN_USER2 a second one, used for the accessibility checks)
//
// Throughout: no console errors, page errors, CSP violations or requests to other hosts.
// axe-core WCAG 2.1 A/AA on the enrolment page and on the second login step. Prints
// TAP-style lines; exit 1 when a check failed, 2 when the browser could not be started.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { AXE_TAGS, axeProblems, reporter, siteArgs, siteContext, watch } from './lib.mjs';

const USER = process.env.MERIDIAN_USER || 'alice';
const USER2 = process.env.MERIDIAN_USER2 || 'bob';
const PASSWORD = process.env.MERIDIAN_PASSWORD || 'password-one-two';

const { base, baseOrigin, artefacts } = siteArgs('mfa.mjs');
const { check, startBrowser, runChecks, summary, exit } = reporter();
const log = { foreign: [], console: [], pageErrors: [], csp: [], badResponses: [], expected: () => undefined };

// The phone: RFC 4648 base32, then RFC 6238 with HMAC-SHA1, 30 s steps, 6 digits.
function base32Decode(s) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = 0, value = 0;
	const out = [];
	for (const ch of s.replace(/=+$/, '')) {
		const i = alphabet.indexOf(ch);
		if (i < 0) throw new Error(`not base32: ${ch}`);
		value = (value << 5) | i;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return Buffer.from(out);
}
function totp(secret, offsetSeconds = 0) {
	const step = Math.floor((Date.now() / 1000 + offsetSeconds) / 30);
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(step));
	const h = createHmac('sha1', base32Decode(secret)).update(msg).digest();
	const o = h[h.length - 1] & 0x0f;
	const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
	return String(n % 1000000).padStart(6, '0');
}

async function newContext(browser, options = {}) {
	const context = await siteContext(browser, baseOrigin, options);
	if (!options.bypassCSP) {
		await context.exposeBinding('__meridianCsp', (source, v) => log.csp.push(`${source.page ? source.page.url() : '?'}: ${v}`));
		await context.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (e) => {
				window.__meridianCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
			}, true);
		});
	}
	return context;
}
async function submit(page, button, urlPattern) {
	await Promise.all([page.waitForURL(urlPattern, { waitUntil: 'load' }), button.click()]);
}
async function passwordStep(page, user) {
	await page.goto(base + '/admin/login', { waitUntil: 'load' });
	await page.getByLabel('User name').fill(user);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.waitForLoadState('load');
}
const heading = async (page) => (await page.locator('h1').textContent()).trim();

const browser = await startBrowser();
const started = Date.now();
await runChecks(browser, async () => {
	const context = await newContext(browser);
	const page = await context.newPage();
	watch(page, log, baseOrigin);
	let secret = null, enrolled = false;

	await check('log in with the password alone, then open "Two-factor" from the menu', async () => {
		await passwordStep(page, USER);
		const problems = [];
		if (!/\/admin\/$/.test(page.url())) problems.push(`after the password: ${page.url()}`);
		await submit(page, page.getByRole('navigation', { name: 'Staff' }).getByRole('link', { name: 'Two-factor' }), /\/admin\/mfa$/);
		if (await heading(page) !== 'Two-factor sign-in') problems.push(`heading "${await heading(page)}"`);
		return problems;
	});

	await check('the enrolment page shows a QR code drawn on the server and the key to type in', async () => {
		const problems = [];
		const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
		const box = await qr.boundingBox();
		if (!box || box.width < 100 || box.height < 100) problems.push(`QR code box ${JSON.stringify(box)}`);
		// As a phone's camera sees it: browser-mfa.sh reads it back with zbarimg.
		await qr.screenshot({ path: join(artefacts, 'mfa-qr.png') });
		secret = (await page.locator('#mfa-secret').textContent()).trim();
		if (!/^[A-Z2-7]{32}$/.test(secret)) problems.push(`key "${secret}"`);
		await page.screenshot({ path: join(artefacts, 'mfa-enrol-1280.png'), fullPage: true });
		return problems;
	});

	await check('the code of the app turns it on, and ten recovery codes are shown', async () => {
		await page.getByLabel('Code', { exact: true }).fill(totp(secret));
		await submit(page, page.getByRole('button', { name: 'Turn two-factor sign-in on' }), /\/admin\/mfa$/);
		const problems = [];
		const codes = await page.locator('#recovery-codes li').allTextContents();
		if (codes.length !== 10) problems.push(`${codes.length} recovery codes`);
		for (const c of codes) if (!/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/.test(c.trim())) problems.push(`code "${c}"`);
		enrolled = problems.length === 0;
		await page.screenshot({ path: join(artefacts, 'mfa-codes-1280.png'), fullPage: true });
		return problems;
	});

	await check('after logging out, the password leads to the second step, not the dashboard', async () => {
		if (!enrolled) return ['not enrolled'];
		await submit(page, page.getByRole('button', { name: 'Log out' }), /\/admin\/login/);
		await passwordStep(page, USER);
		const problems = [];
		if (!/\/admin\/login\/mfa$/.test(page.url())) problems.push(`after the password: ${page.url()}`);
		if (await heading(page) !== 'Two-factor sign-in') problems.push(`heading "${await heading(page)}"`);
		return problems;
	});

	await check('the next code of the app logs in: the dashboard opens', async () => {
		// The confirming code's step is spent; the app's next code is within the window.
		await page.getByLabel(/The code your app shows/).fill(totp(secret, 30));
		await submit(page, page.getByRole('button', { name: 'Log in' }), /\/admin\/$/);
		const problems = [];
		if (await heading(page) !== 'Dashboard') problems.push(`heading "${await heading(page)}"`);
		if (!(await page.getByRole('button', { name: 'Log out' }).isVisible())) problems.push('no "Log out" button');
		return problems;
	});

	await check('no request to any other host', () => log.foreign);
	await check('no console errors', () => log.console);
	await check('no page errors', () => log.pageErrors);
	await check('no Content-Security-Policy violations', () => log.csp);
	await check('no failed requests for the site\'s own files', () => log.badResponses);
	await context.close();

	// axe-core in a context of its own (bypassing CSP for the injected script): the
	// enrolment page of an account without it, and the second step of the enrolled one.
	const axeContext = await newContext(browser, { bypassCSP: true });
	const axePage = await axeContext.newPage();
	await check(`axe-core (${AXE_TAGS.join(', ')}): no violations on the enrolment page`, async () => {
		await passwordStep(axePage, USER2);
		await axePage.goto(base + '/admin/mfa', { waitUntil: 'load' });
		return axeProblems(axePage, 1280);
	});
	await check(`axe-core (${AXE_TAGS.join(', ')}): no violations on the second login step`, async () => {
		await axePage.context().clearCookies();
		await passwordStep(axePage, USER);
		if (!/\/admin\/login\/mfa$/.test(axePage.url())) return [`after the password: ${axePage.url()}`];
		return axeProblems(axePage, 1280);
	});
	await axeContext.close();
});

summary(` in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artefacts}`);
exit();
