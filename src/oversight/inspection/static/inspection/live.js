// The rapid response team's list of what inspectors browsed: newer rows fetched every 30 seconds,
// with a button to pause (WCAG 2.2.1: the user controls anything that updates by itself).
(function () {
  var table = document.querySelector("[data-live]");
  var button = document.querySelector("[data-live-toggle]");
  if (!table || !button) return;
  var paused = false;
  button.hidden = false;
  button.addEventListener("click", function () {
    paused = !paused;
    button.textContent = paused ? "Resume live updates" : "Pause live updates";
  });
  setInterval(function () {
    if (paused) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live] tbody");
        if (fresh) table.querySelector("tbody").replaceWith(fresh);
      })
      .catch(function () {});
  }, 30000);
})();
