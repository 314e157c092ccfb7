// admin.js: small conveniences for the staff screens; every screen works without it.
// Loaded from /static/ (never inline), so the Content-Security-Policy needs no exception.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	// A media snippet is selected whole when focused, ready to copy.
	document.querySelectorAll("input.snippet").forEach(function (el) {
		el.addEventListener("focus", function () { el.select(); });
	});
	// Warn before leaving the editor with unsaved changes.
	var editor = document.querySelector("form.editor");
	if (editor) {
		var dirty = false;
		editor.addEventListener("input", function () { dirty = true; });
		// Saving ends the worry; a preview in a new tab does not save anything.
		editor.addEventListener("submit", function (e) {
			if (!(e.submitter && e.submitter.formTarget === "_blank")) dirty = false;
		});
		window.addEventListener("beforeunload", function (e) {
			if (dirty) { e.preventDefault(); e.returnValue = ""; }
		});
	}
});
