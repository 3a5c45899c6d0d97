// goalsheet serve: keeps the open page up to date.  The server sends a
// "change" event (server-sent events) after every save; the page then
// fetches its live part (#live) again and puts it in place, keeping the
// scroll position.  No framework, nothing from the network.
"use strict";

(function () {
	const body = document.body;
	const status = document.getElementById("status");
	let shown = body.dataset.gen;      // the generation on screen
	let wanted = shown;
	let busy = false;

	function say(text, lost) {
		if (!status) return;
		status.textContent = text;
		status.classList.toggle("lost", !!lost);
	}

	function time() {
		return new Date().toLocaleTimeString("ja-JP", { hour12: false });
	}

	async function reload() {
		if (busy || wanted === shown) return;
		busy = true;
		const gen = wanted;
		say("更新中…");
		try {
			const answer = await fetch(body.dataset.view, { cache: "no-store" });
			const html = await answer.text();
			const fresh = new DOMParser().parseFromString(html, "text/html")
				.getElementById("live");
			const live = document.getElementById("live");
			if (fresh && live) {
				const x = window.scrollX, y = window.scrollY;
				live.replaceWith(document.adoptNode(fresh));
				window.scrollTo(x, y);
			}
			shown = gen;
			body.dataset.gen = gen;
			say(fresh && fresh.dataset.state !== "ok"
				? "エラーあり（" + time() + "）" : "最新（" + time() + "）");
		} catch (e) {
			say("更新できません: " + e.message, true);
		}
		busy = false;
		reload();
	}

	const events = new EventSource("/events");
	events.addEventListener("change", function (e) {
		wanted = e.data;
		if (wanted === shown) say("最新（" + time() + "）");
		reload();
	});
	events.onerror = function () {
		say("サーバーとの接続が切れました。再接続しています…", true);
	};
})();
