// A form shown again with errors: focus goes to its "There is a problem" summary
// (macros/forms.html), and each link there brings the whole field into view with its
// input focused. Without this script the links still work as plain anchors.
function focusErrorSummary() {
  const summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const input = link && document.getElementById(link.hash.slice(1));
    if (!input) return;
    event.preventDefault();  // show the whole question or row, not just its input
    (input.closest(".question, tr, .field") || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
}

focusErrorSummary();
