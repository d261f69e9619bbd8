// The workshop's live results refresh every 2 s with scripts on (every 5 s without, by the
// <noscript> meta refresh): the page is fetched again and its #live region replaced, so the
// projector does not flash. A failed fetch is retried on the next tick; nothing is sent.
(function () {
  "use strict";
  var region = document.getElementById("live");
  if (!region || !window.fetch || !window.DOMParser) { return; }
  var busy = false;
  setInterval(function () {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(window.location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (!text) { return; }
        var next = new DOMParser().parseFromString(text, "text/html").getElementById("live");
        if (next) { region.replaceChildren.apply(region, Array.from(next.childNodes)); }
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }, 2000);
})();
