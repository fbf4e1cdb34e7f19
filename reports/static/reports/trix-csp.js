/* Loaded just before Trix. Trix puts its default styles in an inline <style> element while its
   script runs, and Stemme's Content-Security-Policy forbids inline styles (it stays that way). For
   that moment a <style> is created as an inert <template> instead; the same rules are in
   reports.css. editor.js, which runs right after Trix, puts document.createElement back. */
(function () {
  "use strict";
  var create = document.createElement;
  document.createElement = function (name, options) {
    if (String(name).toLowerCase() === "style") { return create.call(document, "template"); }
    return create.call(document, name, options);
  };
  window.stemmeRestoreCreateElement = function () {
    document.createElement = create;
    delete window.stemmeRestoreCreateElement;
  };
})();
