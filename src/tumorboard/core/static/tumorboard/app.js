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
  // Dates in the page's language and always as YYYY-MM-DD: a native date field follows
  // the browser's locale (mm/dd/yyyy on an English browser reading a Chinese page). The
  // field's value, and so what the server receives, stays YYYY-MM-DD; without script
  // the native field remains.
  // flatpickr's Chinese locale leaves the calendar's accessible labels in English.
  function chineseCalendar() {
    var words = {yearAriaLabel: "年", monthAriaLabel: "月", hourAriaLabel: "时",
                 minuteAriaLabel: "分"};
    var zh = window.flatpickr.l10ns.zh || {};
    var merged = {};
    Object.keys(zh).forEach(function (key) { merged[key] = zh[key]; });
    Object.keys(words).forEach(function (key) { merged[key] = words[key]; });
    return merged;
  }
  function datePickers(root) {
    if (!window.flatpickr || !root.querySelectorAll) {
      return;
    }
    var chinese = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
    var fields = root.querySelectorAll("input[type=date]");
    Array.prototype.forEach.call(fields, function (field) {
      var min = field.getAttribute("min");
      var max = field.getAttribute("max");
      field.type = "text";
      field.setAttribute("pattern", "\\d{4}-\\d{2}-\\d{2}");
      field.setAttribute("placeholder", chinese ? "年-月-日" : "YYYY-MM-DD");
      field.setAttribute("autocomplete", "off");
      field.setAttribute("data-date-picker", "");
      window.flatpickr(field, {
        dateFormat: "Y-m-d",
        allowInput: true,
        disableMobile: true,
        minDate: min || null,
        maxDate: max || null,
        locale: chinese ? chineseCalendar() : "default"
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    datePickers(document);
  });
  // htmx announces each piece of content it adds (a panel loaded on demand).
  document.addEventListener("htmx:load", function (event) {
    datePickers(event.detail.elt || document);
  });
})();
