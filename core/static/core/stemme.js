/* Stemme's small behaviours on every page. A static file, never inline: the
   Content-Security-Policy (core.middleware.ContentSecurityPolicyMiddleware) allows scripts only
   from Stemme's own static files. Behaviour hangs on data- attributes. */
(function () {
  "use strict";

  /* After a refused form, take keyboard and screen-reader users to the error summary: on page
     load, and after htmx swapped in a refused form (a 400, see the htmx-config in base.html). */
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    /* The council's pages behind the "Menu" button on phones (base.html): DKFDS' own menu drawer
       (dkfds.js, loaded only on pages with the council's navigation). */
    if (window.DKFDS && document.querySelector(".js-menu-open")) {
      new window.DKFDS.Navigation().init();
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && target.isConnected) {
      focusErrorSummary(target);
    }
  });

  /* A "back" link (data-history-back) goes back in the browser's history when there is one; its
     href is the way back without JavaScript or history. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-history-back]");
    if (link && window.history.length > 1 && document.referrer) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
