// SPDX-License-Identifier: ISC
// check-engines.mjs: does this Node.js satisfy the "engines" of every package pinned in
// package-lock.json? Prints one line per unmet package and exits 1, so a Node.js too old for
// the pins fails the test run with a clear reason instead of every browser test failing.
// Understands the range forms the pinned packages use: ">=X[.Y[.Z]]", "^X[.Y[.Z]]", "X.x"
// and alternatives joined by "||"; an unknown form is reported, not guessed.
import { readFileSync } from 'node:fs';

const lockPath = new URL('./package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const have = process.versions.node.split('.').map(Number);

function parse(v) {
	const p = v.replace(/^v/, '').split('.').map((x) => (x === 'x' || x === '*' ? 0 : Number(x)));
	while (p.length < 3) p.push(0);
	return p.some(Number.isNaN) ? null : p;
}
function cmp(a, b) {
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
	return 0;
}
// One alternative: returns true, false, or null when the form is not understood.
function satisfiesOne(range) {
	const r = range.trim();
	let m;
	if (r === '*' || r === '') return true;
	if ((m = /^>=\s*(\S+)$/.exec(r))) {
		const v = parse(m[1]);
		return v && cmp(have, v) >= 0;
	}
	if ((m = /^\^(\S+)$/.exec(r)) || (m = /^(\d+)(\.x)?$/.exec(r))) {
		const v = parse(m[1]);
		return v && have[0] === v[0] && cmp(have, v) >= 0;
	}
	return null;
}

let bad = 0;
for (const [path, pkg] of Object.entries(lock.packages || {})) {
	const range = pkg.engines && pkg.engines.node;
	if (!path || !range) continue;
	const name = path.replace(/^.*node_modules\//, '');
	const results = range.split('||').map(satisfiesOne);
	if (results.includes(true)) continue;
	bad++;
	if (results.includes(null)) {
		console.log(`${name}@${pkg.version} wants Node.js "${range}" (a range this check does not read)`);
	} else {
		console.log(`${name}@${pkg.version} needs Node.js ${range}; this is ${process.version}`);
	}
}
process.exit(bad ? 1 : 0);
