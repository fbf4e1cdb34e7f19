/* The section editor: a <textarea data-richtext> becomes a Trix editor when scripts run (without
   them the textarea still works and the server sanitises what is sent). Trix writes its HTML to a
   hidden input with the textarea's name; the textarea is taken out of the form. A text with a
   table (the economy section) stays a plain textarea: Trix has no tables and would flatten it. */
(function () {
  "use strict";
  if (window.stemmeRestoreCreateElement) { window.stemmeRestoreCreateElement(); }
  if (!window.Trix || !window.customElements) { return; }
  var lang = {
    attachFiles: "Vedhæft filer", bold: "Fed", bullets: "Punktliste", byte: "byte", bytes: "bytes",
    captionPlaceholder: "Skriv en billedtekst …", code: "Kode", heading1: "Overskrift", indent: "Ryk ind",
    italic: "Kursiv", link: "Link", numbers: "Nummereret liste", outdent: "Ryk ud", quote: "Citat",
    redo: "Gentag", remove: "Fjern", strike: "Gennemstreget", undo: "Fortryd", unlink: "Fjern link",
    url: "Webadresse", urlPlaceholder: "Skriv en webadresse, fx https://…", GB: "GB", KB: "KB", MB: "MB",
    PB: "PB", TB: "TB"
  };
  Object.keys(lang).forEach(function (key) { window.Trix.config.lang[key] = lang[key]; });
  window.Trix.config.blockAttributes.heading1.tagName = "h3";
  // Paragraphs as <p> (Trix's default is <div> with <br><br> between paragraphs).
  window.Trix.config.blockAttributes["default"].tagName = "p";
  window.Trix.config.blockAttributes["default"].breakOnReturn = true;
  // The toolbar's buttons in the tab order too (Trix leaves them to the mouse and shortcuts).
  document.addEventListener("trix-initialize", function (event) {
    var toolbar = event.target.toolbarElement;
    if (!toolbar) { return; }
    toolbar.querySelectorAll("button[tabindex='-1']").forEach(function (button) { button.removeAttribute("tabindex"); });
  });
  // No files in a report section: refuse attachments outright.
  document.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });

  document.querySelectorAll("textarea[data-richtext]").forEach(function (area, index) {
    if (/<table[\s>]/i.test(area.value)) { return; }
    var label = document.querySelector('label[for="' + area.id + '"]');
    if (label && !label.id) { label.id = area.id + "_label"; }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = area.name;
    input.id = area.id + "_trix_input";
    input.value = area.value;
    var toolbar = document.createElement("trix-toolbar");
    toolbar.id = area.id + "_trix_toolbar";
    var editor = document.createElement("trix-editor");
    editor.setAttribute("input", input.id);
    editor.setAttribute("toolbar", toolbar.id);
    editor.id = area.id + "_trix";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (label) { editor.setAttribute("aria-labelledby", label.id); }
    if (area.getAttribute("aria-describedby")) {
      editor.setAttribute("aria-describedby", area.getAttribute("aria-describedby"));
    }
    if (area.getAttribute("aria-invalid")) { editor.setAttribute("aria-invalid", area.getAttribute("aria-invalid")); }
    area.removeAttribute("name");
    area.disabled = true;
    area.setAttribute("data-richtext-enhanced", "true");
    area.parentNode.insertBefore(input, area);
    area.parentNode.insertBefore(toolbar, area);
    area.parentNode.insertBefore(editor, area);
    if (label) {
      label.addEventListener("click", function () { editor.focus(); });
    }
  });
})();
