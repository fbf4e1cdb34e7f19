/* "Kopiér linket" buttons on the Abonnér page: a button with data-copy="<input id>" copies that
   input's value and says so in its status element (data-copy-status="<id>", aria-live). A static
   file under the Content-Security-Policy; without JavaScript the buttons stay hidden and the
   address can be selected in its read-only field. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-copy"));
        var status = document.getElementById(button.getAttribute("data-copy-status"));
        navigator.clipboard.writeText(input.value).then(function () {
          if (status) {
            status.textContent = button.getAttribute("data-copied-text");
          }
        }, function () {
          input.select();
        });
      });
    });
  });
})();
