// The area page of an audit: follow-up questions appear as the user answers, and answers
// save as the user goes. The page works without this script; the server stays the judge
// of what is shown and stored (assessment/answers.py), this script only mirrors it.
"use strict";

// answers.condition_holds: `value` is the answered value, null when unanswered.
function conditionHolds(condition, value) {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return false;
  if ("includes" in condition) return Array.isArray(value) && value.includes(condition.includes);
  if (Array.isArray(value)) return false;
  if ("equals" in condition) return value === condition.equals;
  if ("in" in condition) return condition.in.includes(value);
  if (typeof value !== "number") return false;
  if ("at_least" in condition) return value >= condition.at_least;
  return "at_most" in condition && value <= condition.at_most;
}

// answers.visible_questions: shown when unconditional, or when the question named is shown
// and its answer satisfies the condition.
function isShown(id, conditions, answers, memo = new Map()) {
  if (!memo.has(id)) {
    const condition = conditions[id];
    memo.set(id, !condition || (isShown(condition.question, conditions, answers, memo)
      && conditionHolds(condition, answers[condition.question])));
  }
  return memo.get(id);
}

// A question's answer as the server would parse it (area_form.read_responses), or null.
function answerOf(block) {
  const id = block.dataset.question;
  const type = block.dataset.type;
  if (block.querySelector(`[name="na-${id}"]:checked, [name="dk-${id}"]:checked`)) return null;
  const inputs = [...block.querySelectorAll(`[name="answer-${id}"]`)];
  if (type === "multiple_choice") {
    const picked = inputs.filter((input) => input.checked).map((input) => input.value);
    return picked.length ? picked : null;
  }
  if (inputs[0]?.type === "radio") {
    const picked = inputs.find((input) => input.checked);
    if (!picked || picked.value === "na" || picked.value === "dk") return null;
    return type === "likert" ? Number(picked.value) : picked.value;
  }
  const text = (inputs[0]?.value || "").trim();
  if (!text) return null;
  if (type !== "number") return text;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

function showFollowUps(form, context) {
  const blocks = [...form.querySelectorAll("[data-question]")];
  const conditions = { ...context.conditions };
  const answers = { ...context.answers };
  for (const block of blocks) {
    if (block.dataset.condition) conditions[block.dataset.question] = JSON.parse(block.dataset.condition);
    answers[block.dataset.question] = answerOf(block);
  }
  const memo = new Map();
  const appeared = [];
  for (const block of blocks) {
    const hidden = !isShown(block.dataset.question, conditions, answers, memo);
    if (block.hidden && !hidden) appeared.push(block.querySelector("legend, .question-label").textContent.trim());
    block.hidden = hidden;
  }
  // Tell screen reader users what appeared: it is further down, where their reading goes next.
  if (appeared.length) document.getElementById("follow-up-news").textContent = `A follow-up question appeared: ${appeared.join("; ")}`;
  for (const section of form.querySelectorAll(".sub-barrier-block")) {
    section.hidden = !section.querySelector("[data-question]:not([hidden])");
  }
  form.querySelector('input[name="shown"]').value = blocks
    .filter((block) => !block.hidden).map((block) => block.dataset.question).join(" ");
}

function autosave(form, statusBox) {
  const DELAY_MS = form.dataset.autosaveDelay ? Number(form.dataset.autosaveDelay) : 3000; // AUTOSAVE_DELAY_SECONDS
  const state = { timer: null, inFlight: null, dirty: false, failed: false, stopped: false, leaving: false };

  function say(text, ...extra) {
    statusBox.replaceChildren(text, ...extra);
    statusBox.classList.toggle("save-failed", state.failed);
  }

  function savedAt(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function reportErrors(errors) {
    const list = document.createElement("ul");
    for (const [id, message] of Object.entries(errors)) {
      const link = document.createElement("a");
      link.href = `#q-${id}`;
      link.textContent = form.querySelector(`#q-${id} legend, #q-${id} .question-label`)?.textContent.trim() || id;
      const item = document.createElement("li");
      item.append(link, ` ${message}`);
      list.append(item);
    }
    return list;
  }

  function stop(message, offerReload) {
    state.failed = true;
    state.stopped = true;
    if (!offerReload) return say(`Not saved: ${message}`);
    const reload = document.createElement("button");
    reload.type = "button";
    reload.className = "button";
    reload.textContent = "Reload the page";
    reload.addEventListener("click", () => { state.leaving = true; window.location.reload(); });
    say(`Not saved: ${message} `, reload);
  }

  function answered({ status, data }) {
    if (status === 409 && data.conflict) return stop(`${data.error} Reload the page to see the answers as they are now.`, true);
    if (status !== 200) return stop(data.error || "the server refused the answers.", status === 409);
    form.querySelector('input[name="revision"]').value = data.revision;
    const invalid = Object.keys(data.errors).length;
    state.failed = invalid > 0;
    if (!invalid) return say(`Saved at ${savedAt(data.saved_at)}`);
    say(`Saved at ${savedAt(data.saved_at)}, except ${invalid === 1 ? "one answer" : `${invalid} answers`} to correct:`,
      reportErrors(data.errors));
  }

  async function save(keepalive = false) {
    clearTimeout(state.timer);
    state.timer = null;
    if (state.inFlight) await state.inFlight;
    if (state.stopped || !state.dirty) return;
    state.dirty = false;
    const body = new FormData(form);
    body.set("action", "autosave");
    say("Saving…");
    // form.action would be the buttons named "action"; the form posts to its own page.
    state.inFlight = fetch(window.location.pathname, { method: "POST", body, keepalive, headers: { Accept: "application/json" } })
      .then((response) => {
        if (!(response.headers.get("Content-Type") || "").includes("json")) throw new Error("not json");
        return response.json().then((data) => ({ status: response.status, data }));
      })
      .then(answered, (error) => {
        state.failed = true;
        state.dirty = true;
        say(`Not saved: ${error instanceof TypeError
          ? "the server could not be reached."
          : "the server did not take the answers (perhaps you were signed out)."}`
          + " Your answers are still on this page; use a Save button to send them.");
      })
      .finally(() => { state.inFlight = null; });
    await state.inFlight;
  }

  if (form.dataset.autosave === "paused") {
    // After a conflict, saving is a deliberate act: a button, not a timer.
    state.stopped = true;
    say("Saving as you go is paused after the conflict: check the answers, then use a Save button.");
  }
  form.addEventListener("input", () => {
    state.dirty = true;
    clearTimeout(state.timer);
    if (!state.stopped) state.timer = setTimeout(save, DELAY_MS);
  });
  form.addEventListener("submit", async (event) => {
    clearTimeout(state.timer);
    state.leaving = true;
    if (!state.inFlight) return;
    event.preventDefault();  // let our own save finish, so the form carries its new revision
    await state.inFlight;
    form.requestSubmit(event.submitter);
  });
  const flush = () => { if (state.dirty && !state.leaving) save(true); };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flush(); });
  window.addEventListener("beforeunload", (event) => {
    if (state.leaving || !(state.dirty || state.inFlight || state.failed)) return;
    event.preventDefault();
    event.returnValue = "";
  });
}

const areaForm = document.getElementById("area-form");
if (areaForm) {
  const context = JSON.parse(document.getElementById("condition-context").textContent);
  areaForm.addEventListener("input", () => showFollowUps(areaForm, context));
  autosave(areaForm, document.getElementById("save-status"));
}
