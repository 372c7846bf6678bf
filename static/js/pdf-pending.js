// While a report's PDF is being made, asks for it again (HEAD: the server waits a few
// seconds for it each time) and starts the download once it is there.
(function () {
  "use strict";
  var box = document.getElementById("pdf-pending");
  if (!box) return;
  var url = box.dataset.pdfUrl;
  var text = document.getElementById("pdf-pending-text");

  function poll() {
    fetch(url, { method: "HEAD", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          text.textContent = "The PDF is ready: it downloads now.";
          window.location.assign(url);
        } else if (response.status === 202) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  window.setTimeout(poll, 1000);
})();
