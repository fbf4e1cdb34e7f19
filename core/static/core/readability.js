/* The readability meter (core.readability): under every <textarea data-readability> – and under
   the Trix editor that reports/editor.js puts in place of such a textarea – a box shows the LIX,
   its band, the counts, long sentences and words, and plain words to use instead. While the
   person types, the text is sent (debounced) to the council's meter endpoint named in
   <meta name="stemme-readability">, which answers an HTML fragment
   (core/templates/components/readability.html). Only the summary ("LIX 38 – Middel") sits in an
   aria-live region, and it changes only when the figure does, so a screen reader is not read
   the whole box at every pause. A static file (CSP); without it the field is a plain textarea. */
(function () {
  "use strict";
  var DELAY = 500;
  // A page with a few text fields shows their figures at once; on a page with many (the minutes,
  // a decision per item) a field is measured when it gets focus, not all at load.
  var MEASURE_AT_LOAD = 3;

  function endpoint() {
    var meta = document.querySelector('meta[name="stemme-readability"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function meterFor(area, after) {
    var id = (area.id || "field") + "_readability";
    var meter = document.getElementById(id);
    if (meter) { return meter; }
    meter = document.createElement("div");
    meter.id = id;
    meter.className = "stemme-readability-meter";
    meter.setAttribute("data-readability-meter", "");
    var summary = document.createElement("p");
    summary.className = "stemme-readability-summary";
    summary.setAttribute("aria-live", "polite");
    summary.setAttribute("data-readability-live", "");
    var details = document.createElement("div");
    details.setAttribute("data-readability-details", "");
    meter.appendChild(summary);
    meter.appendChild(details);
    meter.hidden = true;
    after.parentNode.insertBefore(meter, after.nextSibling);
    return meter;
  }

  function show(meter, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var box = template.content.querySelector("[data-band]");
    var summary = template.content.querySelector("[data-readability-summary]");
    var details = template.content.querySelector("[data-readability-details]");
    if (!box || !summary || !details) { return; }
    var live = meter.querySelector("[data-readability-live]");
    var text = summary.textContent.trim();
    if (live.textContent !== text) { live.textContent = text; }
    meter.setAttribute("data-band", box.getAttribute("data-band"));
    meter.setAttribute("data-testid", "readability");
    var place = meter.querySelector("[data-readability-details]");
    place.replaceWith(details);
    meter.hidden = false;
  }

  function measure(meter, text) {
    var url = endpoint();
    if (!url) { return; }
    var state = meter.stemmeState || (meter.stemmeState = { sequence: 0, last: null });
    if (text === state.last) { return; }
    state.last = text;
    var sequence = ++state.sequence;
    var body = new URLSearchParams();
    body.set("text", text);
    window.fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // A slower answer to an older text never replaces a newer one.
      if (html !== null && sequence === state.sequence) { show(meter, html); }
    }).catch(function () { /* the meter is a help; a failed request leaves the field as it is */ });
  }

  function watch(meter, read) {
    var timer = null;
    return function (immediately) {
      window.clearTimeout(timer);
      if (immediately) { measure(meter, read()); return; }
      timer = window.setTimeout(function () { measure(meter, read()); }, DELAY);
    };
  }

  function attachTextarea(area) {
    if (area.stemmeReadability) { return; }
    var meter = meterFor(area, area);
    var update = watch(meter, function () { return area.value; });
    area.stemmeReadability = update;
    area.addEventListener("input", function () { update(false); });
    area.addEventListener("focus", function () { if (area.value.trim()) { update(true); } });
    if (area.value.trim() && document.querySelectorAll("textarea[data-readability]").length <= MEASURE_AT_LOAD) {
      update(true);
    }
  }

  // reports/editor.js gives the Trix editor the id "<textarea id>_trix" and hides the textarea.
  function textareaOfEditor(editor) {
    var area = editor.id ? document.getElementById(editor.id.replace(/_trix$/, "")) : null;
    return area && area.hasAttribute("data-readability") ? area : null;
  }

  function attachEditor(editor) {
    var area = textareaOfEditor(editor);
    if (!area || editor.stemmeReadability || !editor.editor) { return; }
    var meter = meterFor(area, area);
    var update = watch(meter, function () { return editor.editor.getDocument().toString(); });
    editor.stemmeReadability = update;
    area.stemmeReadability = update;
    update(true);
  }

  document.addEventListener("trix-initialize", function (event) { attachEditor(event.target); });
  document.addEventListener("trix-change", function (event) {
    if (event.target.stemmeReadability) { event.target.stemmeReadability(false); }
  });

  function attachAll(root) {
    root.querySelectorAll("textarea[data-readability]").forEach(function (area) {
      if (area.hasAttribute("data-richtext")) {
        // Becomes a Trix editor; attached on "trix-initialize". If Trix never comes (a table in
        // the text, or no Trix), the textarea itself is measured.
        if (!area.hasAttribute("data-richtext-enhanced")) { attachTextarea(area); }
        return;
      }
      attachTextarea(area);
    });
    root.querySelectorAll("trix-editor").forEach(attachEditor);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!endpoint() || !window.fetch) { return; }
    attachAll(document);
  });
  // A form swapped in by htmx gets its meters too.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (endpoint() && target && target.isConnected && target.querySelectorAll) { attachAll(target); }
  });
})();
