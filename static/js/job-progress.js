// Follows a background job on its progress page: asks for its status every second,
// moves the bar, and reloads the page (which then offers the file) once it has finished.
// Without this script, the page's "Check again" link does the same by hand.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) return;
  var text = document.getElementById("job-progress-text");
  var bar = document.getElementById("job-progress-bar");

  function show(state) {
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      text.textContent = state.done + " of " + state.total + " done.";
    } else if (state.status === "running") {
      text.textContent = "Working on it.";
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (state.finished) {
          window.location.replace(state.url);
          return;
        }
        show(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 500);
})();
