// Records the score of an email's score link with a POST as soon as the page is
// shown in a real browser (a plain GET, as mail scanners make, records nothing).
// Once per page and tab: coming back to the page does not undo a later change.
(function () {
	var form = document.getElementById('record-score');
	if (!form || !form.hasAttribute('data-autosubmit')) return;
	var key = 'closeloop-recorded:' + location.pathname;
	try {
		if (sessionStorage.getItem(key)) return;
		sessionStorage.setItem(key, '1');
	} catch {
		// Storage may be off; recording twice is harmless (the same score).
	}
	var status = document.getElementById('record-score-status');
	if (status) status.hidden = false;
	if (form.requestSubmit) form.requestSubmit();
	else form.submit();
})();
