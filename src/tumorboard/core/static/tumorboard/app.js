// Page behaviour that used to sit in inline on* attributes, which the
// Content-Security-Policy (script-src 'self') no longer lets run.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener("change", function (event) {
    var field = event.target.closest ? event.target.closest("[data-autosubmit]") : null;
    if (field && field.form) {
      field.form.submit();
    }
  });
  // A form answered with 422 comes back with its errors marked: show it instead of
  // treating it as a failed request.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var source = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    var marked = (source && source.closest && source.closest("[data-swap-422]")) ||
      (event.target.closest && event.target.closest("[data-swap-422]"));
    if (event.detail.xhr.status === 422 && marked) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
