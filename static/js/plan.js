// The plan's working list: a row's change is saved in place, without leaving the page.
// Without this script each row is an ordinary form that posts and comes back to the list.
(function () {
  "use strict";

  function show(row, messages, failed) {
    var box = row && row.querySelector(".row-message");
    if (!box) return;
    box.className = "row-message " + (failed ? "error" : "saved");
    box.textContent = "";
    messages.forEach(function (message) {
      var line = document.createElement("span");
      line.className = "message-" + message.category;
      line.textContent = message.text + (message.text.endsWith(".") ? " " : ". ");
      box.appendChild(line);
      if (message.category === "warning") box.classList.add("warning");
    });
  }

  function updateCounts(counts) {
    Object.keys(counts).forEach(function (name) {
      var cell = document.querySelector('[data-count="' + name + '"]');
      if (cell) cell.textContent = counts[name];
    });
  }

  function replaceRow(row, html, clicked) {
    var holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    var ticked = row.querySelector(".select-cell input[type=checkbox]");
    if (ticked && ticked.checked) fresh.querySelector(".select-cell input[type=checkbox]").checked = true;
    row.replaceWith(fresh);
    var again = clicked && fresh.querySelector('button[name="do"][value="' + clicked + '"]');
    (again || fresh.querySelector("th a")).focus();
    return fresh;
  }

  async function save(form, submitter) {
    var row = form.closest("tr");
    var data = new FormData(form);
    if (submitter && submitter.name) data.set(submitter.name, submitter.value);
    show(row, [{ category: "info", text: "Saving…" }], false);
    form.setAttribute("aria-busy", "true");
    var answer;
    try {
      var response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0
        ? await response.json() : null;
      if (!response.ok || !answer) {
        var text = answer ? null : "Not saved (the server answered " + response.status + "). Reload the page and try again.";
        show(row, answer ? answer.messages : [{ category: "error", text: text }], true);
        return;
      }
    } catch (error) {
      show(row, [{ category: "error", text: "Not saved: the connection failed. Try again." }], true);
      return;
    } finally {
      form.removeAttribute("aria-busy");
    }
    var fresh = replaceRow(row, answer.row, submitter && submitter.value);
    show(fresh, answer.messages, false);
    updateCounts(answer.counts);
  }

  // The bulk form's legend says how many rows are ticked.
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches(".select-cell input[type=checkbox]")) return;
    var count = document.querySelectorAll(".select-cell input[type=checkbox]:checked").length;
    var label = document.querySelector("[data-selected-count]");
    if (label) label.textContent = count ? "(" + count + " selected)" : "";
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-row-form")) return;
    event.preventDefault();
    save(form, event.submitter);
  });
})();
